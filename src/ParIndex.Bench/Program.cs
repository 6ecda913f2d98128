using System.Globalization;
using ParIndex.Bench;

// ParIndex.Bench: the synthetic sample province and the province-scale benchmark.
//   samples [--criteria scoring-criteria] [--data samples]      rewrites samples/<year>/ from units.yaml
//   province --out DIR [--units 200] [--questionnaires 50000]    writes the bench's province (data and its year's sets) into DIR
//   pages [--per-group 150] [--connections 64] [--seconds 10] [--web ParIndex.Web.dll] [--work DIR]   wrk against the pages
//   scale [--communes 170] [--departments 20] [--questionnaires 100000] [--country-survey 1000000] [--provinces 34]
//         [--national-communes 3300] [--national-departments 600] [--national-questionnaires 1000000]
//         [--postgres CONNECTION] [--only province|national] [--seconds 8] [--repeats 3] [--work DIR]   the 2025 cycle at scale
//   readers [--units 200] [--questionnaires 50000] [--repeats 5] [--only NAME] the served xlsx readers against inflating the sheet
//   all [--repeats 5] [--seconds 10]   peer, bench and pages in one run, at their default sizes (the figures of issue #14)
//   bench [--units 200] [--questionnaires 50000] [--big 1000000] [--repeats 5] [--criteria scoring-criteria]
//   peer [--units 200] [--questionnaires 50000] [--repeats 5] [--criteria scoring-criteria] [--data samples]
//        [--cli publish|FILE] [--script src/ParIndex.Bench/peer/par_index_peer.py]
//        [--big-communes 170] [--big-departments 20] [--big-questionnaires 100000]   (the 2025 big merged province; 0 communes leaves it out)
//        (--cli publish, the default: the CLI published ReadyToRun into the bench's temporary folder; FILE: that executable)
//        ParIndex's run against the analyst's script (PARINDEX_PYTHON, else /usr/bin/python3, else python3)
var options = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
string Opt(string name, string fallback) => options.GetValueOrDefault(name, fallback);
int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "samples":
        SampleProvince.Write(Opt("--criteria", "scoring-criteria"), Opt("--data", "samples"), Console.Out);
        return 0;
    case "province" when options.ContainsKey("--out"):
        PeerBenchmark.WriteProvince(Opt("--criteria", "scoring-criteria"), options["--out"], Int("--units", 200),
            Int("--questionnaires", 50_000), Console.Out);
        return 0;
    case "all":
        // The figures #14 is judged by, from one run: the peer at every size, each stage and the survey read against
        // the floor with its peak memory, then the pages and the API against the static file.
        var peer = PeerBenchmark.Run(new PeerBenchmark.Options(Opt("--criteria", "scoring-criteria"), Opt("--data", "samples"),
            Opt("--cli", PeerBenchmark.PublishedCli), Opt("--script", PeerBenchmark.Script), 200, 50_000, Int("--repeats", 5)), Console.Out);
        var stages = Benchmark.Run(Opt("--criteria", "scoring-criteria"), 200, 50_000, 1_000_000, Int("--repeats", 5), Console.Out);
        var pages = await PageBenchmark.RunAsync(Opt("--criteria", "scoring-criteria"),
            Opt("--web", "src/ParIndex.Web/bin/Release/net10.0/ParIndex.Web.dll"), 150, 64, Int("--seconds", 10), null, Console.Out);
        return peer != 0 ? peer : stages != 0 ? stages : pages;
    case "bench":
        return Benchmark.Run(Opt("--criteria", "scoring-criteria"), Int("--units", 200), Int("--questionnaires", 50_000),
            Int("--big", 1_000_000), Int("--repeats", 5), Console.Out);
    case "peer":
        return PeerBenchmark.Run(new PeerBenchmark.Options(Opt("--criteria", "scoring-criteria"), Opt("--data", "samples"),
            Opt("--cli", PeerBenchmark.PublishedCli),
            Opt("--script", PeerBenchmark.Script), Int("--units", 200), Int("--questionnaires", 50_000), Int("--repeats", 5),
            Int("--big-communes", 170), Int("--big-departments", 20), Int("--big-questionnaires", 100_000)), Console.Out);
    case "pages":
        return await PageBenchmark.RunAsync(Opt("--criteria", "scoring-criteria"),
            Opt("--web", "src/ParIndex.Web/bin/Release/net10.0/ParIndex.Web.dll"), Int("--per-group", 150),
            Int("--connections", 64), Int("--seconds", 10), options.GetValueOrDefault("--work"), Console.Out);
    case "scale":
        return await ScaleBenchmark.RunAsync(Opt("--criteria", "scoring-criteria"), new ScaleBenchmark.Options(
            Int("--communes", 170), Int("--departments", 20), Int("--questionnaires", 100_000), Int("--country-survey", 1_000_000),
            Int("--provinces", 34), Int("--national-communes", 3_300), Int("--national-departments", 600),
            Int("--national-questionnaires", 1_000_000),
            options.GetValueOrDefault("--postgres") ?? Environment.GetEnvironmentVariable("PARINDEX_TEST_POSTGRES"),
            Opt("--web", "src/ParIndex.Web/bin/Release/net10.0/ParIndex.Web.dll"), Int("--seconds", 8), Int("--repeats", 3),
            options.GetValueOrDefault("--work"), Province: Opt("--only", "province") == "province" || !options.ContainsKey("--only"),
            National: Opt("--only", "national") == "national" || !options.ContainsKey("--only")), Console.Out);
    case "readers":
        return ReaderBenchmark.Run(Opt("--criteria", "scoring-criteria"), Int("--units", 200), Int("--questionnaires", 50_000),
            Int("--repeats", 5), options.GetValueOrDefault("--only"), Console.Out);
    case "survey-peak" when args.Length is 5 or 6:
        return Benchmark.SurveyPeak(args[1], args[2], args[3], args[4],
            args.Length == 6 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 2024);
    default:
        Console.Error.WriteLine("usage: ParIndex.Bench samples [--criteria DIR] [--data DIR] | scale [--postgres CONNECTION] [--only province|national] | pages [--per-group N] | readers [--questionnaires N] [--repeats N] | bench [--units N] [--questionnaires N] [--big N] [--repeats N] [--criteria DIR] | peer [--units N] [--questionnaires N] [--repeats N] [--cli publish|FILE] [--script FILE]");
        return 2;
}
