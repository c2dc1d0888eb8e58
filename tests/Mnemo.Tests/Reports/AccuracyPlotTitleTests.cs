using Mnemo.Reports;

namespace Mnemo.Tests.Reports;

public sealed class AccuracyPlotTitleTests
{
    [Fact]
    public void A_title_too_wide_for_the_plot_breaks_after_its_last_colon()
    {
        Assert.Equal("Figure 6: anchor variants, with and without environment forcing:\nfig6-anchor-variants (quick)",
            AccuracyPlot.Wrapped("Figure 6: anchor variants, with and without environment forcing: fig6-anchor-variants (quick)"));
    }

    [Fact]
    public void A_title_that_fits_stays_on_one_line()
    {
        Assert.Equal("Anchor spacing: anchor-spacing (quick)", AccuracyPlot.Wrapped("Anchor spacing: anchor-spacing (quick)"));
        Assert.Equal(new string('x', 80), AccuracyPlot.Wrapped(new string('x', 80))); // no colon: nothing to break at
    }
}
