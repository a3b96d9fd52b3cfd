using System.Text;
using System.Text.Json;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;

namespace FuncRec.Core.UnitTests.Ingestion;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly long s_ts = s_now.AddMinutes(-1).ToUnixTimeMilliseconds();

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => s_now;
    }

    private static EventParser Parser(IngestionOptions? options = null) => new(options ?? new IngestionOptions(), new Clock());

    private static string ViewJson(string extra = "", string item = "\"i1\"", string ts = "") =>
        $"{{\"schemaVersion\":1,\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"u1\",\"sessionId\":\"s1\",\"itemId\":{item},\"timestamp\":{(ts.Length > 0 ? ts : s_ts.ToString(System.Globalization.CultureInfo.InvariantCulture))}{extra}}}";

    private static string Reason(string json) => Parser().ParseBehavior(Encoding.UTF8.GetBytes(json)).Failure.Reason;

    [Fact]
    public void ParseBehavior_ValidView_ReturnsItemViewed()
    {
        var outcome = Parser().ParseBehavior(Encoding.UTF8.GetBytes(ViewJson()));

        var view = Assert.IsType<ItemViewed>(outcome.Event);
        Assert.Equal(("e1", "u1", "s1", "i1", s_ts), (view.EventId, view.UserId, view.SessionId, view.ItemId, view.TimestampMs));
    }

    [Fact]
    public void ParseBehavior_IsoTimestamp_ConvertsToEpochMilliseconds()
    {
        var outcome = Parser().ParseBehavior(Encoding.UTF8.GetBytes(ViewJson(ts: "\"2026-01-10T11:59:00+00:00\"")));

        Assert.Equal(s_ts, outcome.Event!.TimestampMs);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,", DeadLetterReasons.MalformedJson)]
    [InlineData("[1,2]", DeadLetterReasons.MalformedJson)]
    [InlineData("not json", DeadLetterReasons.MalformedJson)]
    [InlineData("", DeadLetterReasons.EmptyPayload)]
    public void ParseBehavior_MalformedInput_Rejects(string json, string reason) => Assert.Equal(reason, Reason(json));

    [Fact]
    public void ParseBehavior_TrailingGarbageAfterObject_RejectsAsMalformed() => Assert.Equal(DeadLetterReasons.MalformedJson, Reason(ViewJson() + "{}"));

    [Theory]
    [InlineData(",\"schemaVersion\":2")]
    [InlineData(",\"itemId\":\"i2\"")]
    public void ParseBehavior_DuplicateProperty_Rejects(string extra) => Assert.Equal(DeadLetterReasons.DuplicateProperty, Reason(ViewJson(extra)));

    [Theory]
    [InlineData("42")]
    [InlineData("[\"i1\"]")]
    [InlineData("{\"id\":\"i1\"}")]
    [InlineData("true")]
    public void ParseBehavior_WrongTypeForItemId_Rejects(string item) => Assert.Equal(DeadLetterReasons.InvalidFieldType, Reason(ViewJson(item: item)));

    [Fact]
    public void ParseBehavior_NullRequiredField_RejectsAsMissing()
    {
        Assert.Equal(DeadLetterReasons.MissingField, Reason(ViewJson(item: "null")));
        Assert.Equal(DeadLetterReasons.MissingField, Reason(ViewJson().Replace("\"userId\":\"u1\"", "\"userId\":null", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"i1|4\"")]
    [InlineData("\"{u}\"")]
    [InlineData("\"ümlaut\"")]
    public void ParseBehavior_IdOutsideCharset_Rejects(string item) => Assert.Equal(DeadLetterReasons.InvalidId, Reason(ViewJson(item: item)));

    [Fact]
    public void ParseBehavior_HugeStrings_RejectedWithoutDecodingEverything()
    {
        Assert.Equal(DeadLetterReasons.InvalidId, Reason(ViewJson(item: $"\"{new string('x', 65)}\"")));
        Assert.Equal(DeadLetterReasons.PayloadTooLarge, Reason(ViewJson(item: $"\"{new string('x', 20_000)}\"")));
        var search = $"{{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"search\",\"userId\":\"u\",\"sessionId\":\"s\",\"query\":\"{new string('q', 300)}\",\"timestamp\":{s_ts}}}";
        Assert.Equal(DeadLetterReasons.FieldTooLong, Reason(search));
    }

    [Fact]
    public void ParseBehavior_UnknownTypeOrCatalogTypeOnBehaviorTopic_Rejects()
    {
        Assert.Equal(DeadLetterReasons.UnknownType, Reason(ViewJson().Replace("\"view\"", "\"teleport\"", StringComparison.Ordinal)));
        Assert.Equal(DeadLetterReasons.UnknownType, Reason(ViewJson().Replace("\"view\"", "\"upsert\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void ParseBehavior_UnsupportedSchemaVersion_Rejects() =>
        Assert.Equal(DeadLetterReasons.UnsupportedSchemaVersion, Reason(ViewJson().Replace("\"schemaVersion\":1", "\"schemaVersion\":7", StringComparison.Ordinal)));

    [Fact]
    public void ParseBehavior_TimestampBeyondFutureSkew_Rejects()
    {
        var future = s_now.AddMinutes(6).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nearFuture = s_now.AddMinutes(4).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DeadLetterReasons.TimestampInFuture, Reason(ViewJson(ts: future)));
        Assert.True(Parser().ParseBehavior(Encoding.UTF8.GetBytes(ViewJson(ts: nearFuture))).IsValid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"1999-12-31T23:59:59Z\"")]
    [InlineData("\"2025-12-01T00:00:00Z\"")]
    public void ParseBehavior_AncientOrTooOldTimestamp_Rejects(string ts) => Assert.Equal(DeadLetterReasons.TimestampTooOld, Reason(ViewJson(ts: ts)));

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("1.5")]
    public void ParseBehavior_UnparseableTimestamp_Rejects(string ts) => Assert.Equal(DeadLetterReasons.InvalidTimestamp, Reason(ViewJson(ts: ts)));

    [Fact]
    public void ParseBehavior_MaxEventAgeRaised_AcceptsHistoricalReplay()
    {
        var parser = Parser(new IngestionOptions { MaxEventAge = TimeSpan.FromDays(4000) });

        Assert.True(parser.ParseBehavior(Encoding.UTF8.GetBytes(ViewJson(ts: "\"2016-02-10T00:00:00Z\""))).IsValid);
    }

    [Fact]
    public void ParseBehavior_SearchWithoutTokens_Rejects()
    {
        var search = $"{{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"search\",\"userId\":\"u\",\"sessionId\":\"s\",\"query\":\"?!\",\"timestamp\":{s_ts}}}";
        Assert.Equal(DeadLetterReasons.InvalidValue, Reason(search));
    }

    [Fact]
    public void ParseBehavior_UnknownExtraProperties_AreIgnoredForForwardCompatibility() =>
        Assert.True(Parser().ParseBehavior(Encoding.UTF8.GetBytes(ViewJson(",\"newField\":{\"a\":[1,2]}"))).IsValid);

    [Fact]
    public void ParseBehavior_EverySerializedEventType_RoundTripsThroughSourceGeneratedContext()
    {
        BehaviorEvent[] events =
        [
            new ItemViewed { EventId = "a", UserId = "u", SessionId = "s", ItemId = "i", TimestampMs = s_ts },
            new ItemClicked { EventId = "b", UserId = "u", SessionId = "s", ItemId = "i", TimestampMs = s_ts },
            new ItemAddedToCart { EventId = "c", UserId = "u", SessionId = "s", ItemId = "i", TimestampMs = s_ts },
            new ItemPurchased { EventId = "d", UserId = "u", SessionId = "s", ItemId = "i", TimestampMs = s_ts, OrderId = "o" },
            new SearchPerformed { EventId = "e", UserId = "u", SessionId = "s", Query = "red shoes", ShownItemIds = ["i1", "i2"], ClickedItemId = "i2", TimestampMs = s_ts },
        ];

        foreach (var e in events)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent);
            var parsed = Parser().ParseBehavior(bytes).Event;
            Assert.Equal(e.GetType(), parsed!.GetType());
            Assert.Equal(Encoding.UTF8.GetString(bytes), JsonSerializer.Serialize(parsed, EventJsonContext.Default.BehaviorEvent));
        }
    }

    [Fact]
    public void ParseCatalog_UpsertAndDelete_ParseWithAllFields()
    {
        var upsert = $"{{\"schemaVersion\":1,\"eventId\":\"c1\",\"type\":\"upsert\",\"itemId\":\"i1\",\"titleTokens\":[\"Red\",\"run-shoe\"],\"categoryPath\":[\"c1\",\"c2\"],\"brand\":\"Acme\",\"price\":12.5,\"inStock\":false,\"timestamp\":{s_ts}}}";
        var delete = $"{{\"schemaVersion\":1,\"eventId\":\"c2\",\"type\":\"delete\",\"itemId\":\"i1\",\"timestamp\":{s_ts}}}";

        var u = Assert.IsType<CatalogItemUpserted>(Parser().ParseCatalog(Encoding.UTF8.GetBytes(upsert)).Event);
        Assert.IsType<CatalogItemDeleted>(Parser().ParseCatalog(Encoding.UTF8.GetBytes(delete)).Event);
        Assert.Equal(["red", "run", "shoe"], u.TitleTokens);
        Assert.Equal(["c1", "c2"], u.CategoryPath);
        Assert.Equal((12.5, false, "Acme"), (u.Price!.Value, u.InStock, u.Brand));
    }

    [Theory]
    [InlineData("\"price\":-1", DeadLetterReasons.InvalidValue)]
    [InlineData("\"price\":\"cheap\"", DeadLetterReasons.InvalidFieldType)]
    [InlineData("\"inStock\":\"yes\"", DeadLetterReasons.InvalidFieldType)]
    [InlineData("\"categoryPath\":[\"a/b\"]", DeadLetterReasons.InvalidId)]
    [InlineData("\"categoryPath\":[1]", DeadLetterReasons.InvalidFieldType)]
    public void ParseCatalog_BadField_Rejects(string field, string reason)
    {
        var json = $"{{\"schemaVersion\":1,\"eventId\":\"c1\",\"type\":\"upsert\",\"itemId\":\"i1\",{field},\"timestamp\":{s_ts}}}";

        Assert.Equal(reason, Parser().ParseCatalog(Encoding.UTF8.GetBytes(json)).Failure.Reason);
    }

    [Fact]
    public void ParseCatalog_BehaviorTypeOnCatalogTopic_RejectsAsUnknownType() =>
        Assert.Equal(DeadLetterReasons.UnknownType, Parser().ParseCatalog(Encoding.UTF8.GetBytes(ViewJson())).Failure.Reason);

    [Fact]
    public void ParseBehavior_SeededRandomBytesAndMutations_NeverThrowAndAlwaysDecide()
    {
        var random = new Random(42);
        var parser = Parser();
        var valid = Encoding.UTF8.GetBytes(ViewJson());
        var decided = 0;
        for (var n = 0; n < 20_000; n++)
        {
            byte[] input;
            if (n % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            var outcome = parser.ParseBehavior(input);
            Assert.True(outcome.IsValid || outcome.Failure.Reason.Length > 0);
            decided++;
        }

        Assert.Equal(20_000, decided);
    }
}
