using System.Xml.Linq;
using FuncRec.Core.Reporting;

namespace FuncRec.Core.UnitTests.Reporting;

public sealed class SvgLineChartTests
{
    [Fact]
    public void Render_TwoSeries_IsWellFormedSvgWithOnePolylinePerSeries()
    {
        var svg = SvgLineChart.Render("Recall@20 <per week>", "%", ["w1", "w2", "w3"],
        [
            new ChartSeries("served", [40, 45.5, 47], "#1f77b4"),
            new ChartSeries("stale", [40, double.NaN, 38], "#d62728"),
        ]);

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var polylines = doc.Descendants(ns + "polyline").ToList();

        Assert.Equal(2, polylines.Count);
        Assert.Equal(3, polylines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.Equal(2, polylines[1].Attribute("points")!.Value.Split(' ').Length); // the NaN point is a gap
        Assert.Contains(doc.Descendants(ns + "text"), t => t.Value == "Recall@20 <per week>");
    }

    [Fact]
    public void Render_HigherValue_IsDrawnHigher()
    {
        var svg = SvgLineChart.Render("t", "y", ["a", "b"], [new ChartSeries("s", [1, 2], "red")]);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var circles = XDocument.Parse(svg).Descendants(ns + "circle").Select(c => double.Parse(c.Attribute("cy")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.True(circles[1] < circles[0]); // SVG y grows downwards
    }
}
