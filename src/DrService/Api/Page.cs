using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrService.Api;

/// <summary>
/// One page of a list: <c>{"items": [...], "nextCursor": "..." | null}</c>. Pass <c>nextCursor</c> back as
/// <c>?cursor=</c> for the next page; null means the last page.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A validated <c>?limit=&amp;cursor=</c>; the cursor's content is the list's own position marker.</summary>
public sealed record PageRequest(int Limit, string? After)
{
    /// <summary>The position as an offset into the list (0 for the first page).</summary>
    public bool TryOffset(out int offset)
    {
        offset = 0;
        return After is null || (int.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset >= 0);
    }

    /// <summary>The position as the last id seen (null for the first page), for lists ordered by descending id.</summary>
    public bool TryAfterId(out long? id)
    {
        id = null;
        if (After is null)
        {
            return true;
        }
        if (long.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            id = parsed;
            return true;
        }
        return false;
    }
}

/// <summary><c>?limit=</c> (1 to 500, default 50) and the opaque <c>?cursor=</c> of every list endpoint.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    private const string Version = "v1:";

    /// <summary>Reads the query; a bad value gives a 400 problem naming the parameter.</summary>
    public static bool TryRead(string? limit, string? cursor, [NotNullWhen(true)] out PageRequest? request, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        request = null;
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            problem = BadParameter("limit", $"must be a whole number from 1 to {MaxLimit} (was '{limit}')");
            return false;
        }
        string? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = Decode(cursor)) is null)
        {
            problem = InvalidCursor();
            return false;
        }
        request = new PageRequest(size, after);
        problem = null;
        return true;
    }

    public static ProblemHttpResult InvalidCursor() =>
        BadParameter("cursor", "is not a cursor this list returned (pass nextCursor back unchanged)");

    public static ProblemHttpResult BadParameter(string parameter, string reason) =>
        TypedResults.Problem(title: "Invalid query", detail: $"{parameter}: {reason}", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + position));

    private static string? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Version, StringComparison.Ordinal) ? text[Version.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A page of an in-memory list (offset cursor); a bad cursor gives a 400 problem.</summary>
    public static IResult Slice<T>(IReadOnlyList<T> all, PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryOffset(out var offset))
        {
            return InvalidCursor();
        }
        return TypedResults.Ok(SliceOf(all, request.Limit, offset));
    }

    public static Page<T> SliceOf<T>(IReadOnlyList<T> all, int limit, int offset)
    {
        ArgumentNullException.ThrowIfNull(all);
        var items = all.Skip(offset).Take(limit).ToList();
        var next = offset + items.Count < all.Count ? Encode((offset + items.Count).ToString(CultureInfo.InvariantCulture)) : null;
        return new Page<T>(items, next);
    }

    /// <summary>
    /// A page from a query fetched with <c>limit + 1</c> rows ordered by descending id: the extra row only says there
    /// is a next page, whose cursor is the last returned id.
    /// </summary>
    public static Page<TView> Keyset<TRecord, TView>(IReadOnlyList<TRecord> fetched, int limit, Func<TRecord, long> idOf, Func<TRecord, TView> view)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(idOf);
        ArgumentNullException.ThrowIfNull(view);
        var items = fetched.Take(limit).ToList();
        var next = fetched.Count > limit ? Encode(idOf(items[^1]).ToString(CultureInfo.InvariantCulture)) : null;
        return new Page<TView>([.. items.Select(view)], next);
    }
}
