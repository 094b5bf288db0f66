using System.Globalization;

namespace DrService.Backups.Retention;

public static partial class RetentionPlanner
{
    /// <summary>The grandfather-father-son periods (UTC days, ISO weeks, calendar months) counted back from now.</summary>
    private sealed class Calendar(RetentionPolicy policy, DateTimeOffset now)
    {
        private readonly Period[] _periods =
        [
            new("daily", "day", "days", policy.Daily, Day,
                start => Day(now).DayNumber - start.DayNumber,
                start => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("weekly", "ISO week", "ISO weeks", policy.Weekly, Week,
                start => (Week(now).DayNumber - start.DayNumber) / 7,
                IsoWeekLabel),
            new("monthly", "month", "months", policy.Monthly, Month,
                start => MonthNumber(Month(now)) - MonthNumber(start),
                start => start.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
        ];

        /// <summary>For each ranked copy that is the newest of a period in its window, that period's reasons.</summary>
        public Dictionary<string, List<string>> NewestPerPeriod(IReadOnlyList<RetentionCandidate> rankedNewestFirst)
        {
            var winners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var period in _periods)
            {
                var seen = new HashSet<DateOnly>();
                foreach (var candidate in rankedNewestFirst)
                {
                    var start = period.StartOf(candidate.SourceCreatedAt);
                    if (period.InWindow(start) && seen.Add(start))
                    {
                        if (!winners.TryGetValue(candidate.Id, out var reasons))
                        {
                            winners[candidate.Id] = reasons = [];
                        }

                        reasons.Add($"{period.Rule} {period.Label(start)}");
                    }
                }
            }

            return winners;
        }

        /// <summary>Why no enabled period keeps <paramref name="candidate"/> (it is known not to be a winner).</summary>
        public IEnumerable<string> Misses(RetentionCandidate candidate)
        {
            foreach (var period in _periods.Where(p => p.Count > 0))
            {
                var start = period.StartOf(candidate.SourceCreatedAt);
                yield return period.InWindow(start)
                    ? $"not the newest of {period.Noun} {period.Label(start)}"
                    : string.Create(CultureInfo.InvariantCulture, $"{period.Noun} {period.Label(start)} is not among the last {period.Count} {period.Nouns}");
            }
        }

        private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

        private static DateOnly Week(DateTimeOffset at)
        {
            var day = Day(at);
            return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        }

        private static DateOnly Month(DateTimeOffset at)
        {
            var day = Day(at);
            return new DateOnly(day.Year, day.Month, 1);
        }

        private static long MonthNumber(DateOnly month) => (month.Year * 12L) + month.Month;

        private static string IsoWeekLabel(DateOnly monday)
        {
            var date = monday.ToDateTime(TimeOnly.MinValue);
            return string.Create(
                CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}");
        }

        /// <summary>
        /// One kind of period: <see cref="StartOf"/> maps a time to its period's first day, <see cref="StepsBack"/>
        /// counts the periods from that start back to now's (0: now's own period; negative: in the future).
        /// </summary>
        private sealed record Period(
            string Rule,
            string Noun,
            string Nouns,
            int Count,
            Func<DateTimeOffset, DateOnly> StartOf,
            Func<DateOnly, long> StepsBack,
            Func<DateOnly, string> Label)
        {
            /// <summary>Among the last <see cref="Count"/> periods, the current one included (never overflows).</summary>
            public bool InWindow(DateOnly start)
            {
                var back = StepsBack(start);
                return back >= 0 && back < Count;
            }
        }
    }
}
