using System.Globalization;
using System.Net;
using System.Text;

namespace FuncRec.Core.Reporting;

/// <summary>One named series of a line chart; <c>NaN</c> values leave a gap.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string Color);

/// <summary>
/// A dependency-free SVG line chart for the reports the demo and the quality benchmark write next to
/// their Markdown, so results can be looked at without a plotting stack.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 760;
    private const int Height = 380;
    private const int Left = 60;
    private const int Right = 160;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>Renders the series over x labels (one per point) with a y axis from 0 or the data minimum.</summary>
    public static string Render(string title, string yLabel, IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(xLabels);
        ArgumentNullException.ThrowIfNull(series);
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        var max = values.Count == 0 ? 1 : values.Max();
        var min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        if (max <= min)
        {
            max = min + 1;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(int i) => Left + (xLabels.Count <= 1 ? plotW / 2.0 : i * plotW / (double)(xLabels.Count - 1));
        double Y(double v) => Top + plotH - ((v - min) / (max - min) * plotH);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        for (var g = 0; g <= 5; g++)
        {
            var v = min + ((max - min) * g / 5.0);
            var y = Y(v);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>\n");
        }

        for (var i = 0; i < xLabels.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Escape(xLabels[i])}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{Top + (plotH / 2)}\" transform=\"rotate(-90 16 {Top + (plotH / 2)})\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var points = new StringBuilder();
            for (var i = 0; i < series[s].Values.Count && i < xLabels.Count; i++)
            {
                var v = series[s].Values[i];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                points.Append(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(v):0.#} ");
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"3\" fill=\"{series[s].Color}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"\n<polyline fill=\"none\" stroke=\"{series[s].Color}\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"/>\n");
            var ly = Top + 10 + (s * 20);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 14}\" y=\"{ly - 9}\" width=\"12\" height=\"12\" fill=\"{series[s].Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 32}\" y=\"{ly + 1}\">{Escape(series[s].Name)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
