using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mnemo.Experiments;
using Mnemo.Reports;

namespace Mnemo.Tests.Reports;

public class ReportBuilderTests
{
    [Fact]
    public void What_was_observed_is_quoted_under_the_expected_finding()
    {
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        File.WriteAllText(Path.Combine(sweep.Dir, SweepSection.ObservedFile), "Anchors did not generalize at this budget (0% at 12 < 8·2).\n");
        var html = File.ReadAllText(ReportBuilder.Write(sweep.Dir).Html);
        Assert.Contains("<b>Observed</b> (observed.txt in the sweep folder):<p>" + WebUtility.HtmlEncode("Anchors did not generalize at this budget (0% at 12 < 8·2).") + "</p>", html);
        Assert.Contains("at 12 &lt; 8", html);
        Assert.True(html.IndexOf("Expected finding", StringComparison.Ordinal) < html.IndexOf("<b>Observed</b>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_finished_sweep_gets_plot_table_attribution_and_reproduce_block()
    {
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        var files = ReportBuilder.Write(sweep.Dir);

        Assert.Equal(Path.Combine(sweep.Dir, "report.html"), files.Html);
        var images = Path.Combine(sweep.Dir, "report-images");
        Assert.Equal([Path.Combine(images, "fig-test-accuracy.png"), Path.Combine(images, "fig-test-accuracy.svg")], files.Images);
        var html = File.ReadAllText(files.Html);
        Assert.Contains("<h2>Fig 3: fig-test</h2>", html);
        Assert.Contains(WebUtility.HtmlEncode(HandMadeSweep.Description), html);
        Assert.Contains("87.5 <small>[80.0–95.0]</small>", html); // anchors at length 12
        Assert.Contains("40.0 <small>[30.0–50.0]</small>", html);  // scratchpad at length 12
        Assert.Contains("<tr class=\"trained\"><th>8 <small>(trained)</small></th>", html);
        Assert.Contains("<tr><th>12</th>", html);
        Assert.Contains("All 4 trials finished.", html);
        Assert.Contains("4 trained trials: 40 steps, 3 s and 12,000 tokens per trial; 10 s of training in all", html);
        Assert.Contains(HandMadeSweep.Command, html);
        Assert.Contains("<code>--set training.steps=40</code>", html);
        Assert.Contains("# lengths &lt; 9 &amp; &quot;quoted&quot;", html);
        Assert.DoesNotContain("lengths < 9", html);
        // the accuracy plot and the lowest seed's attribution map per configuration, embedded
        Assert.Contains(Html.PngData(File.ReadAllBytes(files.Images[0])), html);
        Assert.Contains(Html.PngData(HandMadeSweep.TinyPng(0)), html);
        Assert.Contains(Html.PngData(HandMadeSweep.TinyPng(2)), html);
        Assert.DoesNotContain(Html.PngData(HandMadeSweep.TinyPng(1)), html);
        Assert.Contains("90.0% inside the trained length (8 tokens), 75.0% beyond it (4 tokens)", html);
        Assert.Contains("href=\"anchors-rope-s0/attribution/length-12/attention-L0-H0.png\"", html);
        // the merged results.csv is (re)written
        Assert.Equal(4 * HandMadeSweep.Lengths.Length, ResultRow.TryReadCsv(Path.Combine(sweep.Dir, "results.csv"))!.Count);
    }

    [Fact]
    public void The_plot_files_are_a_png_and_an_svg_with_a_line_and_legend_entry_per_configuration()
    {
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        var files = ReportBuilder.Write(sweep.Dir);

        var png = File.ReadAllBytes(files.Images[0]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((AccuracyPlot.Width, AccuracyPlot.Height), (bitmap.Width, bitmap.Height));
        var svg = XDocument.Parse(File.ReadAllText(files.Images[1]));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        Assert.Contains("scratchpad", texts);
        Assert.Contains("anchors", texts);
        Assert.Contains("trained lengths 1–8", texts);
        Assert.Contains("Fig 3: fig-test (quick) · rope", texts); // one scheme in the sweep: named in the title, in full
    }

    [Fact]
    public void The_plot_is_the_same_bytes_for_the_same_results()
    {
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        var table = new AccuracyTable(SweepFolder.Open(sweep.Dir).Results());
        var (a, b) = (AccuracyPlot.Render("t", table, 1, 8), AccuracyPlot.Render("t", table, 1, 8));
        Assert.Equal(a.Png, b.Png);
        Assert.Equal(a.Svg, b.Svg);
    }

    [Fact]
    public void An_unfinished_sweep_is_reported_as_far_as_it_got()
    {
        using var sweep = new HandMadeSweep().Finish(2).Train(0).Start(1); // trial 3 not started
        var files = ReportBuilder.Write(sweep.Dir);

        var html = File.ReadAllText(files.Html);
        Assert.Contains("1 of 4 trials finished (1 trained (not yet evaluated), 1 stopped (continues from its checkpoint), 1 pending). The plot and the table show the finished trials only.", html);
        // one seed: the 95% Wilson interval of 32/40 (65.24–89.50%, computed apart from the code), and n in its own column
        Assert.Contains("<td class=\"n\">40</td><td>80.0 <small>[65.2–89.5]</small></td>", html.Replace(" style=\"background: rgba(46, 160, 67, 0.36)\"", ""));
        Assert.Contains("2 trained trials", html);
        Assert.Equal(2, files.Images.Count);
        Assert.Equal(HandMadeSweep.Lengths.Length, ResultRow.TryReadCsv(Path.Combine(sweep.Dir, "results.csv"))!.Count);
    }

    [Fact]
    public void A_sweep_without_finished_trials_gets_a_report_that_says_so()
    {
        using var sweep = new HandMadeSweep();
        var files = ReportBuilder.Write(sweep.Dir);

        var html = File.ReadAllText(files.Html);
        Assert.Contains("No finished trials yet: nothing to plot.", html);
        Assert.Contains("0 of 4 trials finished (4 pending).", html);
        Assert.Contains("No trial is trained yet.", html);
        Assert.Contains("No attribution map at this length yet", html);
        Assert.Empty(files.Images);
    }

    [Fact]
    public void A_folder_of_sweeps_gets_one_section_each_by_name_and_out_moves_the_page()
    {
        using var second = new HandMadeSweep("b-second", figure: null).Finish(0, 2);
        using var first = new HandMadeSweep("a-first").Finish(1, 3);
        // both in one parent: move the second sweep next to the first
        Directory.Move(second.Dir, Path.Combine(first.Root, "b-second"));
        var page = Path.Combine(first.Root, "out", "all.html");
        var files = ReportBuilder.Write(first.Root, page);

        Assert.Equal(page, files.Html);
        var html = File.ReadAllText(page);
        Assert.True(html.IndexOf("<h2>Fig 3: a-first</h2>", StringComparison.Ordinal) < html.IndexOf("<h2>b-second</h2>", StringComparison.Ordinal));
        Assert.Contains("<a href=\"#sweep-a-first\">", html);
        Assert.Contains("href=\"../a-first/results.csv\"", html);
        Assert.Equal(["a-first-accuracy.png", "a-first-accuracy.svg", "b-second-accuracy.png", "b-second-accuracy.svg"], files.Images.Select(Path.GetFileName));
        Assert.All(files.Images, f => Assert.StartsWith(Path.Combine(first.Root, "out", "report-images"), f));
    }

    [Fact]
    public void Every_link_and_image_of_the_page_is_embedded_or_a_file_beside_it()
    {
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        var page = ReportBuilder.Write(sweep.Dir).Html;
        var html = File.ReadAllText(page);

        var targets = Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(targets, t => t.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.StartsWith("http", StringComparison.Ordinal) || t.StartsWith('/'));
        foreach (var local in targets.Where(t => !t.StartsWith("data:", StringComparison.Ordinal) && !t.StartsWith('#')))
        {
            var path = Path.Combine(sweep.Dir, Uri.UnescapeDataString(local));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"broken link {local}");
        }
    }

    [Fact]
    public void Missing_folders_and_folders_without_a_sweep_are_one_line_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"mnemo-no-such-{Guid.NewGuid():N}");
        Assert.Equal($"{missing}: folder not found", Assert.Throws<MnemoException>(() => ReportBuilder.Write(missing)).Message);
        var empty = Directory.CreateTempSubdirectory("mnemo-report-empty-").FullName;
        try
        {
            var e = Assert.Throws<MnemoException>(() => ReportBuilder.Write(empty));
            Assert.Contains("no sweep to report (no sweep.json in it or in its subfolders", e.Message);
            Assert.False(File.Exists(Path.Combine(empty, "report.html")));
        }
        finally { Directory.Delete(empty, recursive: true); }
    }
}
