using System.Globalization;
using Spectre.Console;

namespace FuncRec.LocalHost.Demo;

/// <summary>
/// The terminal view: a live table in an interactive terminal, and a plain progress line every few seconds
/// otherwise (CI logs, pipes), so the run is readable either way.
/// </summary>
public static class DemoView
{
    /// <summary>Renders <paramref name="state"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(DemoState state, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Flush(state);
                Console.WriteLine(Summary(state));
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            Flush(state);
            return;
        }

        await AnsiConsole.Live(Render(state)).AutoClear(false).StartAsync(async ctx =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ctx.UpdateTarget(Render(state));
                await Task.Delay(500, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            ctx.UpdateTarget(Render(state));
        }).ConfigureAwait(false);
    }

    private static void Flush(DemoState state)
    {
        while (state.Unprinted.TryDequeue(out var line))
        {
            Console.WriteLine($"[demo] {line}");
        }
    }

    /// <summary>One plain line with the key figures.</summary>
    public static string Summary(DemoState s) => string.Create(CultureInfo.InvariantCulture,
        $"[demo] {s.Phase} | produced {s.Produced:N0} ingested {s.Ingested:N0} ({s.EventsPerSecond:N0} ev/s) | pending {s.PendingEvents:N0} events, {s.PendingNewItems:N0} new items | update: {s.Update ?? "none"} | serving {s.ServingVersion ?? "nothing yet"}");

    private static Table Render(DemoState s)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]FuncRec demo[/] ({Markup.Escape(s.DataLabel)})").AddColumn("what").AddColumn("now");
        table.AddRow("phase", Markup.Escape(s.Phase));
        table.AddRow("events", string.Create(CultureInfo.InvariantCulture, $"produced {s.Produced:N0}, ingested {s.Ingested:N0}, {s.EventsPerSecond:N0} events/s"));
        table.AddRow("pending", string.Create(CultureInfo.InvariantCulture, $"{s.PendingEvents:N0} events, {s.PendingNewItems:N0} new items"));
        table.AddRow("update", Markup.Escape(s.Update ?? "none running"));
        table.AddRow("serving", Markup.Escape(s.ServingVersion ?? "nothing yet"));
        table.AddRow("outcomes", Markup.Escape(string.Join('\n', s.Log)));
        return table;
    }
}
