using System.Globalization;
using System.Text;
using FuncRec.Core.Metrics;
using FuncRec.Core.Reporting;
using FuncRec.Core.Updates;

namespace FuncRec.LocalHost.Demo;

/// <summary>One week's online measurement, taken before the week was ingested.</summary>
public sealed record WeekMeasurement(int Week, string ServedVersion, RankingSummary Served, RankingSummary Stale, double IngestSeconds, double ModelSeconds);

/// <summary>Writes the demo's Markdown report and per-week SVG chart into a run folder.</summary>
public static class DemoReport
{
    /// <summary>Writes <c>report.md</c> and <c>quality.svg</c>; returns the report's path.</summary>
    public static string Write(string folder, DemoSettings settings, string staleVersion, IReadOnlyList<WeekMeasurement> weeks,
        IReadOnlyList<UpdateOutcome> updates, double wallSeconds)
    {
        Directory.CreateDirectory(folder);
        var labels = weeks.Select(w => string.Create(CultureInfo.InvariantCulture, $"w{w.Week}")).ToList();
        var svg = SvgLineChart.Render("Online Recall@20 per week (before ingesting it)", "Recall@20 (%)", labels,
        [
            new ChartSeries("served (incremental)", weeks.Select(w => w.Served.At(20).Recall * 100).ToList(), "#1f77b4"),
            new ChartSeries("stale base", weeks.Select(w => w.Stale.At(20).Recall * 100).ToList(), "#d62728"),
        ]);
        File.WriteAllText(Path.Combine(folder, "quality.svg"), svg);

        var md = new StringBuilder();
        md.AppendLine("# FuncRec demo report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Data: {(settings.Synthetic ? "**SYNTHETIC** — a generated stream (`--synthetic`), not real data; its figures say nothing about real quality" : "the real Diginetica periods (ADER split)")}, period 0 as the initial block, then {settings.Weeks} weekly periods replayed into Kafka, each over {settings.WeekSeconds:0.#} s of wall time. Wall time of the run: {wallSeconds:0} s.").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Stale base model: `{staleVersion}` (the first promoted version, trained on period 0 and never updated).").AppendLine();
        md.AppendLine("Online quality is measured before each week is ingested: every prefix of up to "
            + settings.EvalSessions.ToString(CultureInfo.InvariantCulture)
            + " sampled sessions of the week predicts its next item, ranked over all items the model knows. Items the served model has never seen are dropped from the cases (the protocol of docs/quality.md); a target the stale model does not know counts as its miss.").AppendLine();
        md.AppendLine("![quality per week](quality.svg)").AppendLine();
        md.AppendLine("| week | served version | cases | served R@20 | stale R@20 | served MRR@20 | stale MRR@20 | event→feature s | event→model s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var w in weeks)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {w.Week} | `{w.ServedVersion}` | {w.Served.Cases} | {w.Served.At(20).Recall * 100:0.00} | {w.Stale.At(20).Recall * 100:0.00} | {w.Served.At(20).Mrr * 100:0.00} | {w.Stale.At(20).Mrr * 100:0.00} | {w.IngestSeconds:0.0} | {w.ModelSeconds:0.0} |");
        }

        md.AppendLine().AppendLine("## Updates").AppendLine();
        md.AppendLine("| instance | trigger | mode | outcome | candidate | recall@20 | total s | training s | gate s | detail |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var u in updates)
        {
            var r20 = u.Metrics.TryGetValue("recall@20", out var r) ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) : "";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {u.InstanceId} | {u.Trigger} | {u.Mode} | {u.Kind} | `{u.CandidateVersion}` | {r20} | {(u.CompletedUtc - u.StartedUtc).TotalSeconds:0.0} | {u.TrainingSeconds:0.0} | {u.GateSeconds:0.0} | {u.Detail.Replace('|', '/')} |");
        }

        var path = Path.Combine(folder, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }
}
