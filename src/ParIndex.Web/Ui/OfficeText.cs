namespace ParIndex.Web.Ui;

/// <summary>
/// The marker of the reform office's page texts: the pages write Vietnamese and look the English up in
/// Resources/Ui.OfficeText.en.resx by the Vietnamese text.
/// </summary>
public sealed class OfficeText;
