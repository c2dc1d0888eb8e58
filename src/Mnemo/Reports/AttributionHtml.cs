using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The attribution maps of a sweep as a grid per map folder (length, and the options of maps
/// drawn by <c>mnemo attribute</c>): each map embedded, captioned with its configuration, seed and focus
/// score, with links to the attention maps beside it and to the same map of other seeds.</summary>
public static class AttributionHtml
{
    public static string Render(IReadOnlyList<AttributionGroup> gallery, string pageFolder)
    {
        if (gallery.Count == 0) return "";
        var html = new StringBuilder("<h3>Attribution maps</h3>\n");
        foreach (var group in gallery)
        {
            var (length, cards) = (group.Length, group.Cards);
            html.Append($"<h4>Length {length}{(group.Options == "" ? "" : $" · {Html.Text(group.Options)}")} <small><code>attribution/{Html.Text(group.Folder)}</code></small></h4>\n");
            if (cards.Count == 0)
            {
                html.Append("<p class=\"note\">No attribution map at this length yet (a trial draws its maps when training ends).</p>\n");
                continue;
            }
            html.Append("<div class=\"gallery\">\n");
            foreach (var card in cards)
            {
                var attention = string.Join(" ", card.Attention.Select(f =>
                    $"<a href=\"{Html.Link(pageFolder, f)}\">{Html.Text(Path.GetFileNameWithoutExtension(f).Replace("attention-", ""))}</a>"));
                html.Append($"<figure><a href=\"{Html.Link(pageFolder, card.Image)}\"><img src=\"{Html.PngData(File.ReadAllBytes(card.Image))}\" "
                            + $"alt=\"attribution map: {Html.Text(card.Configuration)}, length {length}\"></a>\n"
                            + $"<figcaption><b>{Html.Text(card.Configuration)}</b> · seed {card.Seed}<br>{Html.Text(Focus(card))}" + (card.TeacherForced ? "<br>the model wrote nothing: map of the correct target (teacher-forced)" : "")
                            + (attention == "" ? "" : $"<br>attention maps: {attention}")
                            + (card.OtherSeeds is { Count: > 0 } others ? "<br>other seeds: " + string.Join(" ", others.Select(o => $"<a href=\"{Html.Link(pageFolder, o.Image)}\">seed {o.Seed}</a>")) : "")
                            + "</figcaption></figure>\n");
            }
            html.Append("</div>\n");
        }
        return html.ToString();
    }

    private static string Focus(AttributionCard card) => card.Focus is { } f
        ? $"focus on the needed positions: {Share(f.Inside)} inside the trained length ({f.InsideCount} tokens), {Share(f.Outside)} beyond it ({f.OutsideCount} tokens)"
        : "focus score: not recorded (the format declares no needed positions, or the map predates focus.json)";

    private static string Share(double value) => double.IsNaN(value) ? "n/a" : SeedSpread.Percent(value) + "%";
}
