using System.Globalization;
using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.CloudWatch;

/// <summary>Merges the pages of GetMetricData: each query's points appended in page order, status of the last page.</summary>
internal sealed class MetricDataPages
{
    private readonly Dictionary<string, (string? Label, List<MetricPoint> Points, string Status, List<MetricMessage> Messages)> _results = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Adds one <c>GetMetricDataResult</c>; returns its NextToken (null on the last page).</summary>
    public string? Add(XElement result)
    {
        foreach (var member in result.Path("MetricDataResults", "member"))
        {
            var id = member.ChildValue("Id") ?? string.Empty;
            if (!_results.TryGetValue(id, out var entry))
            {
                entry = (member.ChildValue("Label"), [], MetricDataResult.Complete, []);
                _order.Add(id);
            }
            var times = member.Path("Timestamps", "member").Select(t => Time(t.Value)).ToList();
            var values = member.Path("Values", "member").Select(v => double.Parse(v.Value, CultureInfo.InvariantCulture)).ToList();
            if (times.Count != values.Count)
            {
                throw new InvalidOperationException($"GetMetricData answered {times.Count} timestamps and {values.Count} values for {id}.");
            }
            entry.Points.AddRange(times.Zip(values, (t, v) => new MetricPoint(t, v)));
            entry.Messages.AddRange(member.Path("Messages", "member").Select(Message));
            _results[id] = entry with { Status = member.ChildValue("StatusCode") ?? entry.Status, Label = entry.Label ?? member.ChildValue("Label") };
        }
        var next = result.ChildValue("NextToken");
        return string.IsNullOrEmpty(next) ? null : next;
    }

    public IReadOnlyList<MetricDataResult> Results() =>
        [.. _order.Select(id =>
        {
            var e = _results[id];
            return new MetricDataResult(id, e.Label, e.Points, e.Status) { Messages = e.Messages };
        })];

    private static MetricMessage Message(XElement m) => new(m.ChildValue("Code") ?? string.Empty, m.ChildValue("Value") ?? string.Empty);

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
