namespace ParIndex.Web.Ui;

/// <summary>
/// The marker of the leadership pages' texts: Vietnamese in the pages, English in
/// Resources/Ui.LeadershipText.en.resx keyed by the Vietnamese text.
/// </summary>
public sealed class LeadershipText;
