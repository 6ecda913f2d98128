using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Workbooks.Survey;

/// <summary>
/// Reads survey workbooks (phiếu khảo sát, điều tra XHH) as a stream and tallies them into answer counts per
/// unit and question, and respondents per survey leaf. Rows are never kept: memory grows with the number of
/// units and questions, plus 11–23 bytes per questionnaire for the duplicate check (see
/// <see cref="QuestionnaireIds"/>), not with the rows' content.
/// A workbook with any error contributes nothing; what earlier workbooks contributed stays as it was.
/// </summary>
/// <remarks>Not thread-safe: read files one after the other.</remarks>
public sealed class SurveyAccumulator
{
    /// <summary>The header row is looked for in this many rows at the top of the sheet.</summary>
    public const int HeaderSearchRows = 20;

    /// <summary>Errors listed per file; the rest are counted in one closing line.</summary>
    public const int MaxErrorsPerFile = 200;

    /// <summary>How many rows pass between two calls of the progress callback.</summary>
    public const int ProgressEvery = 1000;

    /// <summary>How many codes that are no unit a file remembers, so as not to look them up again.</summary>
    private const int MaxUnknownUnits = 1000;

    private static readonly string UnitLabel = RuleScoring.NormaliseLabel(SurveyTexts.UnitColumn);
    private static readonly string GroupLabel = RuleScoring.NormaliseLabel(SurveyTexts.GroupColumn);
    private static readonly string IdLabel = RuleScoring.NormaliseLabel(SurveyTexts.IdColumn);

    private readonly Func<string, CriteriaSet?> _setForUnit;
    private readonly Dictionary<string, string> _knownQuestions; // any case → the code as the sets spell it
    private readonly Dictionary<CriteriaSet, SetInfo> _sets = new(ReferenceEqualityComparer.Instance);
    // Asked once per unit; a code that is no unit is not remembered, so that a column of junk cannot grow it.
    private readonly Dictionary<string, SetInfo> _unitSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnitTally> _tallies = new(StringComparer.Ordinal);
    // Fingerprints of the questionnaires of the accepted files, and (pending) of the file being read.
    private readonly QuestionnaireIds _ids = new();

    /// <summary>
    /// An accumulator for one year's surveys.
    /// </summary>
    /// <param name="setForUnit">The criteria set a unit is assessed under this year; null for a code that is no unit.</param>
    /// <param name="knownQuestions">Every question code of every set in use: a header column with another code is an error.</param>
    public SurveyAccumulator(Func<string, CriteriaSet?> setForUnit, IEnumerable<string> knownQuestions)
    {
        _setForUnit = setForUnit;
        _knownQuestions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in knownQuestions)
            _knownQuestions.TryAdd(code, code);
    }

    /// <summary>
    /// An accumulator for one year's surveys over that year's sets (one per ranking group): the known
    /// questions are those of every set's questionnaire, and a unit is scored under its group's set.
    /// </summary>
    /// <param name="sets">The year's criteria sets, one per group.</param>
    /// <param name="groupOfUnit">The ranking group of a unit code, null for a code that is no unit.</param>
    public SurveyAccumulator(IEnumerable<CriteriaSet> sets, Func<string, string?> groupOfUnit)
        : this(SetsByGroup(sets, groupOfUnit, out var questions), questions)
    {
    }

    private static Func<string, CriteriaSet?> SetsByGroup(
        IEnumerable<CriteriaSet> sets, Func<string, string?> groupOfUnit, out IEnumerable<string> questions)
    {
        var byGroup = sets.ToDictionary(s => s.Group, StringComparer.Ordinal);
        questions = byGroup.Values.SelectMany(s => s.Survey?.Questions ?? []).Select(q => q.Code).ToList();
        return unit => groupOfUnit(unit) is { } group ? byGroup.GetValueOrDefault(group) : null;
    }

    /// <summary>What a file may hold before it is read.</summary>
    public WorkbookLimits Limits { get; init; } = WorkbookLimits.Survey;

    /// <summary>Workbooks read without error, whose questionnaires are in the totals.</summary>
    public int FilesAccepted { get; private set; }

    /// <summary>Workbooks rejected for an error: they contributed nothing.</summary>
    public int FilesRejected { get; private set; }

    /// <summary>Questionnaires in the totals (from accepted workbooks).</summary>
    public long Questionnaires { get; private set; }

    /// <summary>
    /// Reads one survey workbook (its first sheet) and, when it has no error, adds it to the totals.
    /// </summary>
    /// <param name="input">The workbook (xlsx, or xls); read as a stream, not kept. A stream that cannot seek
    /// (e.g. an upload) is first copied to a temporary file, so that memory stays flat.</param>
    /// <param name="fileName">The file's name (no folder), for messages.</param>
    /// <param name="progress">Called with the rows read so far in this file, every <see cref="ProgressEvery"/> rows and at the end.</param>
    /// <returns>Every problem found (at most <see cref="MaxErrorsPerFile"/> listed, then one line with the count of the rest); empty when accepted.</returns>
    public IReadOnlyList<WorkbookProblem> Read(Stream input, string fileName, Action<long>? progress = null)
    {
        var file = new FileRead(this, fileName);
        var accepted = false;
        try
        {
            FileStream? copy = null;
            try
            {
                if (!input.CanSeek)
                {
                    copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                    input.CopyTo(copy);
                    copy.Position = 0;
                    input = copy;
                }
                // The scanner counts the sheet's inflated bytes itself, so the guard only reads the worksheets' prologs.
                if (WorkbookGuard.Check(input, fileName, Limits, IsWorksheet) is { } refused)
                    throw new RefusedException(refused.Message);
                using var reader = SheetScanner.Open(input, Limits.MaxEntryBytes);
                if (reader is null)
                    file.Error(null, SurveyTexts.NoSheet);
                else
                    file.ReadSheet(reader, progress);
            }
            catch (Exception ex) when (ex is RefusedException or SheetRefusedException)
            {
                file.Error(null, ex.Message);
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException
                                           or NotSupportedException or IOException)
            {
                file.Error(null, SurveyTexts.Unreadable(ex.Message));
            }
            finally
            {
                copy?.Dispose();
            }

            var problems = file.Finish();
            if (problems.Count == 0)
            {
                file.MergeInto(_tallies);
                _ids.Commit();
                accepted = true;
                Questionnaires += file.Questionnaires;
                FilesAccepted++;
            }
            else
            {
                FilesRejected++;
            }
            return problems;
        }
        finally
        {
            // Also when reading threw (e.g. the progress callback cancelled): the file's ids leave no trace.
            if (!accepted) _ids.Rollback();
        }
    }

    private static bool IsWorksheet(string part) => part.StartsWith("xl/worksheets/", StringComparison.Ordinal);

    /// <summary>A file the guard refused: reported as the file's one problem.</summary>
    private sealed class RefusedException(string message) : Exception(message);

    /// <summary>
    /// The totals per unit code: answer counts (A–E) per question of the unit's set, respondents per survey
    /// leaf of the unit's set, and questionnaires. Units without any questionnaire are absent. A snapshot:
    /// later reads do not change it.
    /// </summary>
    public IReadOnlyDictionary<string, UnitSurvey> Tallies() =>
        _tallies.ToDictionary(t => t.Key, t => t.Value.ToUnitSurvey(t.Key), StringComparer.Ordinal);

    private SetInfo? InfoOfUnit(string unit)
    {
        if (_unitSets.TryGetValue(unit, out var info)) return info;
        if (_setForUnit(unit) is not { } set) return null;
        if (!_sets.TryGetValue(set, out info))
            _sets[set] = info = new SetInfo(set);
        _unitSets[unit] = info;
        return info;
    }

    /// <summary>Excel's column letters for a zero-based column index: 0 → A, 26 → AA.</summary>
    internal static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => Number(d)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } t ? t : null,
    };

    /// <summary>A cell's double as an exact decimal, or null when it is too large to be one (or not finite).</summary>
    private static decimal? Number(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 ? Numbers.FromDouble(value) : null;

    private static bool IsBlank(object? value) => value is null or DBNull || value is string s && string.IsNullOrWhiteSpace(s);

    /// <summary>A criteria set's questionnaire, indexed for counting.</summary>
    private sealed class SetInfo
    {
        public SetInfo(CriteriaSet set)
        {
            Set = set;
            Questions = set.Survey?.Questions.Select(q => q.Code).ToArray() ?? [];
            Index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Questions.Length; i++) Index.TryAdd(Questions[i], i);
            Allowed = Questions.Select(q => set.AnswersFor(q).Keys.Select(char.ToUpperInvariant).Order().ToArray()).ToArray();
            AllowedMask = Allowed.Select(letters => letters.Aggregate(0, (mask, l) => UnitSurvey.Letters.IndexOf(l) is var i and >= 0 ? mask | 1 << i : mask)).ToArray();
            var leaves = set.Leaves().Where(l => l.Rule is SurveyRule).ToList();
            LeafCodes = leaves.Select(l => l.Code).ToArray();
            LeafQuestions = leaves
                .Select(l => ((SurveyRule)l.Rule!).Questions.Select(q => Index.GetValueOrDefault(q, -1)).Where(i => i >= 0).Distinct().ToArray())
                .ToArray();
            if (set.Survey?.Groups is { } groups)
            {
                Groups = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var code in groups.Keys.Order(StringComparer.Ordinal)) Groups.TryAdd(code, code);
            }
        }

        /// <summary>The set's respondent groups, any case → the code as the set spells it; null for one pool.</summary>
        public Dictionary<string, string>? Groups { get; }

        public CriteriaSet Set { get; }
        public string[] Questions { get; }
        public Dictionary<string, int> Index { get; }
        public char[][] Allowed { get; }

        /// <summary>Per question, bit i set when the i-th of <see cref="UnitSurvey.Letters"/> has a share.</summary>
        public int[] AllowedMask { get; }
        public string[] LeafCodes { get; }
        public int[][] LeafQuestions { get; }
    }

    /// <summary>One unit's counts, indexed like its <see cref="SetInfo"/>.</summary>
    private sealed class UnitTally(SetInfo info)
    {
        public SetInfo Info { get; } = info;
        public long[] Counts { get; } = new long[info.Questions.Length * 5];
        public int[] Respondents { get; } = new int[info.LeafCodes.Length];
        public int Questionnaires { get; set; }

        // The same counts per respondent group, when the unit's set weighs groups (a handful: memory stays flat).
        public Dictionary<string, UnitTally>? ByGroup { get; } = info.Groups is null ? null : new(StringComparer.Ordinal);

        public UnitTally Group(string code)
        {
            if (!ByGroup!.TryGetValue(code, out var tally))
                ByGroup[code] = tally = new UnitTally(Info);
            return tally;
        }

        public void Add(UnitTally other)
        {
            for (var i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
            for (var i = 0; i < Respondents.Length; i++) Respondents[i] += other.Respondents[i];
            Questionnaires += other.Questionnaires;
            if (other.ByGroup is not null)
                foreach (var (code, tally) in other.ByGroup)
                    Group(code).Add(tally);
        }

        public UnitSurvey ToUnitSurvey(string unit)
        {
            var (counts, respondents) = Maps();
            var groups = ByGroup?.ToDictionary(g => g.Key, g =>
            {
                var (c, r) = g.Value.Maps();
                return new GroupSurvey(c, r, g.Value.Questionnaires);
            }, StringComparer.Ordinal);
            return new UnitSurvey(unit, counts, respondents, Questionnaires, groups);
        }

        private (Dictionary<string, long[]>, Dictionary<string, int>) Maps()
        {
            var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var q = 0; q < Info.Questions.Length; q++)
                counts[Info.Questions[q]] = Counts.AsSpan(q * 5, 5).ToArray();
            var respondents = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var l = 0; l < Info.LeafCodes.Length; l++)
                respondents[Info.LeafCodes[l]] = Respondents[l];
            return (counts, respondents);
        }
    }

    /// <summary>A unit as seen by one file: its set, its counts in this file, and this file's column → question map.</summary>
    private sealed record FileUnit(string Code, SetInfo Info, int[] QuestionOfColumn, UnitTally Tally);

    /// <summary>The state of reading one file; merged into the accumulator only when it had no error.</summary>
    private sealed class FileRead(SurveyAccumulator owner, string fileName)
    {
        private readonly List<WorkbookProblem> _problems = [];
        private readonly Dictionary<string, FileUnit?> _units = new(StringComparer.Ordinal);
        private int _unknownUnits; // codes that are no unit, remembered in _units (at most MaxUnknownUnits)
        private string? _sheet;
        private int _errors;

        // Located columns (zero-based), set once the header row is found.
        private int _unitCol = -1, _groupCol = -1, _idCol = -1, _headerRow;
        private int[] _questionCols = [];
        private string[] _questionCodes = [];

        // Per-row scratch, reused: the answer letter index (0–4) per question column, -1 when blank.
        private int[] _letters = [];

        public long Questionnaires { get; private set; }

        /// <summary>Whether the next error will be listed (not only counted).</summary>
        private bool Listing => _problems.Count < MaxErrorsPerFile;

        public void Error(string? cell, string message)
        {
            _errors++;
            if (_problems.Count < MaxErrorsPerFile)
                _problems.Add(new WorkbookProblem(fileName, _sheet, cell, message));
        }

        public IReadOnlyList<WorkbookProblem> Finish()
        {
            if (_errors > _problems.Count)
                _problems.Add(new WorkbookProblem(fileName, _sheet, null, SurveyTexts.MoreErrors(_errors - _problems.Count, _problems.Count)));
            return _problems;
        }

        public void ReadSheet(SheetScanner reader, Action<long>? progress)
        {
            _sheet = reader.Name;
            var row = 0;
            (int Row, List<string> Missing)? bestPartial = null;
            while (reader.Read())
            {
                row++;
                if (progress is not null && row % ProgressEvery == 0) progress(row);
                if (_headerRow == 0)
                {
                    if (TryHeader(reader, row, ref bestPartial)) continue;
                    if (row >= HeaderSearchRows) break;
                    continue;
                }
                ReadRow(reader, row);
            }
            progress?.Invoke(row);

            if (_headerRow == 0)
            {
                if (bestPartial is { } partial)
                    foreach (var label in partial.Missing)
                        Error(null, SurveyTexts.MissingColumn(label, partial.Row));
                else
                    Error(null, SurveyTexts.HeaderNotFound(HeaderSearchRows));
            }
        }

        /// <summary>Takes this row as the header when it has the three required labels; else remembers the best partial match.</summary>
        private bool TryHeader(SheetScanner reader, int row, ref (int Row, List<string> Missing)? bestPartial)
        {
            int unit = -1, group = -1, id = -1;
            for (var c = 0; c < reader.FieldCount; c++)
            {
                if (reader.GetValue(c) is not string s) continue;
                var label = RuleScoring.NormaliseLabel(s);
                if (label == UnitLabel && unit < 0) unit = c;
                else if (label == GroupLabel && group < 0) group = c;
                else if (label == IdLabel && id < 0) id = c;
            }
            var missing = new List<string>();
            if (unit < 0) missing.Add(SurveyTexts.UnitColumn);
            if (group < 0) missing.Add(SurveyTexts.GroupColumn);
            if (id < 0) missing.Add(SurveyTexts.IdColumn);
            if (missing.Count == 3) return false;
            if (missing.Count > 0)
            {
                if (bestPartial is null || missing.Count < bestPartial.Value.Missing.Count) bestPartial = (row, missing);
                return false;
            }

            _headerRow = row;
            (_unitCol, _groupCol, _idCol) = (unit, group, id);
            var cols = new List<int>();
            var codes = new List<string>();
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // header text → first cell
            for (var c = 0; c < reader.FieldCount; c++)
            {
                var text = Text(reader.GetValue(c));
                if (text is null) continue;
                var cell = ColumnLetters(c) + row;
                var label = RuleScoring.NormaliseLabel(text);
                var key = label == UnitLabel || label == GroupLabel || label == IdLabel ? label : text;
                if (seen.TryGetValue(key, out var first))
                {
                    Error(cell, SurveyTexts.DuplicateColumn(text, first));
                    continue;
                }
                seen[key] = cell;
                if (c == unit || c == group || c == id) continue;
                if (!owner._knownQuestions.TryGetValue(text, out var code))
                {
                    Error(cell, SurveyTexts.UnknownQuestion(text, owner._knownQuestions.Values.Order(StringComparer.Ordinal)));
                    continue;
                }
                cols.Add(c);
                codes.Add(code);
            }
            if (cols.Count == 0 && _errors == 0)
                Error(null, SurveyTexts.NoQuestionColumns(row));
            _questionCols = cols.ToArray();
            _questionCodes = codes.ToArray();
            _letters = new int[cols.Count];
            return true;
        }

        private void ReadRow(SheetScanner reader, int row)
        {
            var unitValue = Value(reader, _unitCol);
            var idValue = Value(reader, _idCol);
            if (IsBlank(unitValue) && IsBlank(idValue) && IsBlank(Value(reader, _groupCol)) && NoAnswer(reader))
                return;

            var unitCode = Text(unitValue);
            FileUnit? unit = null;
            if (unitCode is null)
                Error(ColumnLetters(_unitCol) + row, SurveyTexts.BlankUnit);
            else if ((unit = UnitOf(unitCode)) is null)
                Error(ColumnLetters(_unitCol) + row, SurveyTexts.UnknownUnit(unitCode));

            var id = Text(idValue);
            if (id is null)
                Error(ColumnLetters(_idCol) + row, SurveyTexts.BlankId);
            else if (unit is not null)
            {
                var key = QuestionnaireIds.Fingerprint(unit.Code, id);
                switch (owner._ids.Add(key, row))
                {
                    case QuestionnaireIds.Seen.InThisFile:
                        // The first row is looked up only for a listed error: it is a scan of up to 8,192 ids.
                        var firstRow = Listing ? owner._ids.FirstRowInFile(key) : 0;
                        Error(ColumnLetters(_idCol) + row, firstRow > 0
                            ? SurveyTexts.DuplicateIdInFile(id, unit.Code, firstRow)
                            : SurveyTexts.DuplicateIdAboveInFile(id, unit.Code));
                        break;
                    case QuestionnaireIds.Seen.InEarlierFile:
                        Error(ColumnLetters(_idCol) + row, SurveyTexts.DuplicateIdEarlier(id, unit.Code));
                        break;
                }
            }

            for (var q = 0; q < _questionCols.Length; q++)
                _letters[q] = Answer(Value(reader, _questionCols[q]), q, unit, row);

            UnitTally? groupTally = null;
            if (unit?.Info.Groups is { } groups)
            {
                var cell = ColumnLetters(_groupCol) + row;
                var text = Text(Value(reader, _groupCol));
                if (text is null)
                    Error(cell, SurveyTexts.BlankRespondentGroup(unit.Code, groups.Values));
                else if (!groups.TryGetValue(text, out var code))
                    Error(cell, SurveyTexts.UnknownRespondentGroup(text, unit.Code, groups.Values));
                else if (_errors == 0)
                    groupTally = unit.Tally.Group(code);
            }

            // Once the file has an error it will contribute nothing: only keep checking.
            if (_errors > 0 || unit is null) return;
            Count(unit, unit.Tally);
            Questionnaires++;
            if (groupTally is not null) Count(unit, groupTally);
        }

        private void Count(FileUnit unit, UnitTally tally)
        {
            tally.Questionnaires++;
            var info = unit.Info;
            Span<bool> answered = info.Questions.Length <= 256 ? stackalloc bool[info.Questions.Length] : new bool[info.Questions.Length];
            for (var q = 0; q < _letters.Length; q++)
            {
                if (_letters[q] < 0) continue;
                var qi = unit.QuestionOfColumn[q];
                tally.Counts[qi * 5 + _letters[q]]++;
                answered[qi] = true;
            }
            for (var l = 0; l < info.LeafQuestions.Length; l++)
            {
                foreach (var qi in info.LeafQuestions[l])
                {
                    if (!answered[qi]) continue;
                    tally.Respondents[l]++;
                    break;
                }
            }
        }

        /// <summary>The answer's letter index 0–4, or -1 when blank or wrong (then reported).</summary>
        private int Answer(object? value, int q, FileUnit? unit, int row)
        {
            // Nearly every answer: one of the letters, allowed for its question. Anything else takes the path below,
            // which names what is wrong.
            if (value is string { Length: 1 } one && unit is not null)
            {
                var letterIndex = (one[0] & ~0x20) - 'A';
                var column = unit.QuestionOfColumn[q];
                if ((uint)letterIndex < (uint)UnitSurvey.Letters.Length && column >= 0 && (unit.Info.AllowedMask[column] & 1 << letterIndex) != 0)
                    return letterIndex;
            }
            if (IsBlank(value)) return -1;
            var question = _questionCodes[q];
            if (value is not string s)
            {
                Error(ColumnLetters(_questionCols[q]) + row, value is double d && Number(d) is { } number
                    ? SurveyTexts.NumberAnswer(number, question)
                    : SurveyTexts.NotALetter(question));
                return -1;
            }
            var text = s.Trim();
            var letter = text.Length == 1 ? char.ToUpperInvariant(text[0]) : '\0';
            var index = UnitSurvey.Letters.IndexOf(letter);
            if (index < 0)
            {
                Error(ColumnLetters(_questionCols[q]) + row, SurveyTexts.InvalidLetter(text, question));
                return -1;
            }
            if (unit is null) return -1;
            var qi = unit.QuestionOfColumn[q];
            if (qi < 0)
            {
                Error(ColumnLetters(_questionCols[q]) + row, SurveyTexts.QuestionNotInUnitSet(question, unit.Code, unit.Info.Set.Group));
                return -1;
            }
            if (Array.IndexOf(unit.Info.Allowed[qi], letter) < 0)
            {
                Error(ColumnLetters(_questionCols[q]) + row, SurveyTexts.LetterWithoutShare(letter, question, unit.Info.Allowed[qi]));
                return -1;
            }
            return index;
        }

        private FileUnit? UnitOf(string code)
        {
            if (_units.TryGetValue(code, out var unit)) return unit;
            if (owner.InfoOfUnit(code) is { } info)
            {
                var map = _questionCodes.Select(c => info.Index.GetValueOrDefault(c, -1)).ToArray();
                _units[code] = unit = new FileUnit(code, info, map, new UnitTally(info));
            }
            else if (_unknownUnits < MaxUnknownUnits)
            {
                // A column of junk (e.g. the ids in the unit column) must not grow with the rows.
                _units[code] = null;
                _unknownUnits++;
            }
            return unit;
        }

        private static object? Value(SheetScanner reader, int column) => reader.GetValue(column);

        private bool NoAnswer(SheetScanner reader)
        {
            foreach (var c in _questionCols)
                if (!IsBlank(Value(reader, c))) return false;
            return true;
        }

        public void MergeInto(Dictionary<string, UnitTally> tallies)
        {
            foreach (var unit in _units.Values)
            {
                if (unit is null || unit.Tally.Questionnaires == 0) continue;
                if (tallies.TryGetValue(unit.Code, out var total))
                    total.Add(unit.Tally); // same SetInfo: a unit's set is asked once
                else
                    tallies[unit.Code] = unit.Tally;
            }
        }
    }
}
