using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using Seen = ParIndex.Workbooks.Survey.QuestionnaireIds.Seen;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>The id table on its own, against a plain set of accepted ids and a map of the file's ids.</summary>
public sealed class QuestionnaireIdsTests
{
    [Test]
    public void AddCommitRollback_RandomFiles_BehaveLikeSets([Values(1, 2, 3, 4, 5, 6)] int seed)
    {
        var random = new Random(seed);
        var ids = new QuestionnaireIds();
        var accepted = new HashSet<ulong>();
        var acceptedOrder = new List<ulong>();
        for (var file = 0; file < 16; file++)
        {
            // Small files (rows remembered, commit without a scan) and large ones (scan), some rejected.
            var size = random.Next(3) switch { 0 => random.Next(1, 40), 1 => random.Next(1, 4000), _ => random.Next(QuestionnaireIds.RowsRemembered, 25_000) };
            var inFile = new Dictionary<ulong, (int Row, int Index)>();
            var fileOrder = new List<ulong>();
            for (var row = 2; row < size + 2; row++)
            {
                var pick = random.Next(100);
                var key = pick < 2 && acceptedOrder.Count > 0 ? acceptedOrder[random.Next(acceptedOrder.Count)]
                    : pick < 4 && fileOrder.Count > 0 ? fileOrder[random.Next(fileOrder.Count)]
                    : QuestionnaireIds.Fingerprint("U" + random.Next(5), random.NextInt64().ToString());

                var expected = accepted.Contains(key) ? Seen.InEarlierFile : inFile.ContainsKey(key) ? Seen.InThisFile : Seen.New;
                Assert.That(ids.Add(key, row), Is.EqualTo(expected), $"file {file} row {row}");
                if (expected == Seen.New)
                {
                    inFile[key] = (row, fileOrder.Count);
                    fileOrder.Add(key);
                }
                if (expected == Seen.InThisFile)
                {
                    var first = inFile[key];
                    Assert.That(ids.FirstRowInFile(key), Is.EqualTo(first.Index < QuestionnaireIds.RowsRemembered ? first.Row : 0));
                }
            }

            if (random.Next(3) == 0)
            {
                ids.Rollback();
            }
            else
            {
                ids.Commit();
                foreach (var key in inFile.Keys)
                    if (accepted.Add(key)) acceptedOrder.Add(key);
            }

            // Every accepted id is found as one of an earlier file; a rolled-back one is new again.
            foreach (var key in acceptedOrder)
                if (ids.Add(key, 0) != Seen.InEarlierFile) Assert.Fail($"file {file}: an accepted id was lost");
            foreach (var key in inFile.Keys.Where(k => !accepted.Contains(k)))
                if (ids.Add(key, 0) != Seen.New) Assert.Fail($"file {file}: a rolled-back id is still there");
            ids.Rollback();
        }
    }

    [Test]
    public void AddCommitRollback_200000Ids_EveryPageSplitKeepsTheIdsReachable()
    {
        var first = Enumerable.Range(0, 100_000).Select(i => QuestionnaireIds.Fingerprint("H-HL", $"A{i}")).ToList();
        var second = Enumerable.Range(0, 100_000).Select(i => QuestionnaireIds.Fingerprint("H-HL", $"B{i}")).ToList();
        var ids = new QuestionnaireIds();

        // About 280 pages by the end of the first file, 512 by the end of the second: each split re-places entries.
        Assert.That(first.Select((key, i) => ids.Add(key, i + 2)), Has.All.EqualTo(Seen.New));
        Assert.That(first.Select((key, i) => ids.Add(key, i + 2)), Has.All.EqualTo(Seen.InThisFile));
        ids.Commit();
        Assert.That(second.Select((key, i) => ids.Add(key, i + 2)), Has.All.EqualTo(Seen.New));
        Assert.That(first.Select((key, i) => ids.Add(key, i + 2)), Has.All.EqualTo(Seen.InEarlierFile));
        ids.Rollback();

        Assert.That(first.Select(key => ids.Add(key, 0)), Has.All.EqualTo(Seen.InEarlierFile));
        Assert.That(second.Select(key => ids.Add(key, 0)), Has.All.EqualTo(Seen.New));
    }

    [Test]
    public void Fingerprint_IsNeverZeroAndIgnoresTheTopBit()
    {
        var keys = Enumerable.Range(0, 10_000).Select(i => QuestionnaireIds.Fingerprint("H-HL", i.ToString())).ToList();

        Assert.That(keys, Has.None.EqualTo(0UL));
        Assert.That(keys.Select(k => k >> 63), Has.All.EqualTo(0UL));
        Assert.That(keys.Distinct().Count(), Is.EqualTo(keys.Count));
        Assert.That(QuestionnaireIds.Fingerprint("H-HL", "12"), Is.Not.EqualTo(QuestionnaireIds.Fingerprint("H-HL1", "2")));
    }
}
