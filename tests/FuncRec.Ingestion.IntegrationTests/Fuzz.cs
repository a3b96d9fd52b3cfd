using System.Text;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

/// <summary>Random inputs: raw bytes, and valid events with one random mutation.</summary>
public static class Fuzz
{
    public static readonly string[] Users = ["u1", "u2", "u3"];

    private static readonly string[] s_fragments =
    [
        "null", "\"\"", "{", "}", "[", "]", ",", ":", "\"type\"", "\"view\"", "1e309", "-1", "\"\\u0000\"", "true",
        "\"2016-02-10T00:00:00Z\"", "\"eventId\":\"x\",", new string('z', 5000), "\uD83D\uDE00", "\"\\ud800\"",
    ];

    public static byte[] Next(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                return bytes;
            }

            case 1:
                return Valid(random);
            default:
            {
                var text = Encoding.UTF8.GetString(Valid(random));
                return Encoding.UTF8.GetBytes(Mutate(text, random));
            }
        }
    }

    private static byte[] Valid(Random random)
    {
        var user = Users[random.Next(Users.Length)];
        var ts = T(random.Next(0, 1000));
        return random.Next(3) switch
        {
            0 => Json(Search(user, "red shoes", "i" + random.Next(20), ts, "i1", "i2")),
            1 => Json(Purchase(user, "i" + random.Next(20), ts)),
            _ => Json(View(user, "i" + random.Next(20), ts)),
        };
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        return random.Next(5) switch
        {
            0 => text[..at],
            1 => text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at)),
            2 => text.Insert(at, s_fragments[random.Next(s_fragments.Length)]),
            3 => text.Replace("\"u", "\"" + s_fragments[random.Next(s_fragments.Length)], StringComparison.Ordinal),
            _ => text.Replace(":\"", ":" + s_fragments[random.Next(s_fragments.Length)] + "\"", StringComparison.Ordinal),
        };
    }
}
