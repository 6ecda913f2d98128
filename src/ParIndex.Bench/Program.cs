using System.Globalization;
using ParIndex.Bench;

// ParIndex.Bench: the synthetic sample province and the province-scale benchmark.
//   samples [--criteria scoring-criteria] [--data samples]      rewrites samples/<year>/ from units.yaml
//   pages [--per-group 150] [--connections 64] [--seconds 10] [--web ParIndex.Web.dll] [--work DIR]   wrk against the pages
//   bench [--units 200] [--questionnaires 50000] [--big 200000] [--repeats 5] [--criteria scoring-criteria]
var options = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
string Opt(string name, string fallback) => options.GetValueOrDefault(name, fallback);
int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "samples":
        SampleProvince.Write(Opt("--criteria", "scoring-criteria"), Opt("--data", "samples"), Console.Out);
        return 0;
    case "bench":
        return Benchmark.Run(Opt("--criteria", "scoring-criteria"), Int("--units", 200), Int("--questionnaires", 50_000),
            Int("--big", 200_000), Int("--repeats", 5), Console.Out);
    case "pages":
        return await PageBenchmark.RunAsync(Opt("--criteria", "scoring-criteria"),
            Opt("--web", "src/ParIndex.Web/bin/Release/net10.0/ParIndex.Web.dll"), Int("--per-group", 150),
            Int("--connections", 64), Int("--seconds", 10), options.GetValueOrDefault("--work"), Console.Out);
    case "survey-peak" when args.Length == 5:
        return Benchmark.SurveyPeak(args[1], args[2], args[3], args[4]);
    default:
        Console.Error.WriteLine("usage: ParIndex.Bench samples [--criteria DIR] [--data DIR] | bench [--units N] [--questionnaires N] [--big N] [--repeats N] [--criteria DIR]");
        return 2;
}
