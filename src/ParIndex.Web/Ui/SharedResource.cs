namespace ParIndex.Web.Ui;

/// <summary>
/// The marker of the shared UI texts. Pages write Vietnamese (the first language) and look the English up in
/// Resources/Ui.SharedResource.en.resx by the Vietnamese text; a missing English text shows the Vietnamese.
/// </summary>
public sealed class SharedResource;
