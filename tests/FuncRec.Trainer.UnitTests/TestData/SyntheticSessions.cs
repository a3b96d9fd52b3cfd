using FuncRec.Core.Features;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Data;

namespace FuncRec.Trainer.TestData;

/// <summary>
/// Seeded synthetic sessions with sequential structure: the next item is a fixed successor of the current
/// one with probability 0.8, else a popularity-skewed random item. A sequence model can learn the successor,
/// popularity cannot, which makes "beats popularity" a meaningful and fast check.
/// </summary>
public static class SyntheticSessions
{
    /// <summary>Item i's successor.</summary>
    public static int Successor(int item, int items) => (item * 7 + 3) % items;

    /// <summary>Generates <paramref name="count"/> sessions over <paramref name="items"/> items with ids <c>{prefix}{k}</c>.</summary>
    public static List<SessionSequence> Generate(int count, int items, int seed, string sessionPrefix = "s", int minLength = 3, int maxLength = 8)
    {
        var random = new Random(seed);
        int Popular() => (int)Math.Min(items - 1, Math.Floor(items * Math.Pow(random.NextDouble(), 2)));
        var sessions = new List<SessionSequence>(count);
        for (var s = 0; s < count; s++)
        {
            var length = random.Next(minLength, maxLength + 1);
            var current = Popular();
            var events = new List<SessionEvent>();
            for (var i = 0; i < length; i++)
            {
                events.Add(new SessionEvent($"i{current}", InteractionType.View, $"c{current % 10}"));
                current = random.NextDouble() < 0.8 ? Successor(current, items) : Popular();
            }

            sessions.Add(new SessionSequence($"{sessionPrefix}{s}", events));
        }

        return sessions;
    }

    /// <summary>
    /// Writes <paramref name="periods"/> period files (<c>period_0.txt</c> …, lines <c>&lt;session&gt; &lt;item&gt;</c>) of
    /// 40 sessions over 30 items each into <paramref name="directory"/>, for the quality experiment's tests.
    /// </summary>
    public static void WritePeriods(string directory, int periods)
    {
        for (var p = 0; p < periods; p++)
        {
            var period = p;
            var lines = Generate(40, 30, seed: p, sessionPrefix: $"p{p}s")
                .SelectMany((s, n) => s.Events.Select(e => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(period * 1000) + n} {e.ItemId[1..]}")));
            File.WriteAllLines(Path.Combine(directory, $"period_{p}.txt"), lines);
        }
    }
}
