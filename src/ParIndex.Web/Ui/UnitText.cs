namespace ParIndex.Web.Ui;

/// <summary>
/// The marker of the focal point's pages' texts (Pages/Unit): Vietnamese in the pages, English in
/// Resources/Ui.UnitText.en.resx keyed by the Vietnamese text.
/// </summary>
public sealed class UnitText;
