using System.Diagnostics;
using ClosedXML.Excel;
using NUnit.Framework;
using static ParIndex.Workbooks.Tests.SelfAssessment.SelfAssessmentFixture;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.SelfAssessment;

/// <summary>
/// A workbook re-saved by LibreOffice (another program than ours: cached formula values, its own number
/// formats and shared strings) must read back the same. Skipped where soffice is absent, except on CI.
/// </summary>
[Category("LibreOffice")]
public class LibreOfficeRoundTripTests
{
    [Test]
    public void Read_FilledWorkbookResavedByLibreOffice_ReadsIdentically()
    {
        using var tmp = new TempFolder();
        byte[] original;
        using (var f = OpenTemplate().FillValid())
        {
            f.Cell("1.1.3", S.SelfScore).SetValue(0.1 + 0.2);
            f.Set("1.1.3", appraisal: 0.25m, reason: "Chỉ kiểm tra 1/4 số cơ quan");
            f.Set("1.1.1", selfScore: 2m); // a warning, to compare problems too
            original = f.Save();
        }

        var resaved = Resave(tmp, original);
        var before = Read(original);
        var after = Read(resaved);

        Assert.That(before.Accepted, Is.True);
        Assert.That(after.Problems.Lines(), Is.EqualTo(before.Problems.Lines()));
        Assert.That(after.Value!.Leaves, Is.EquivalentTo(before.Value!.Leaves));
        Assert.That(after.Value.Leaves["1.1.3"].SelfScore, Is.EqualTo(0.3m));
    }

    [Test]
    public void Read_FormulasResavedByLibreOffice_UsesCachedValuesAndReportsErrors()
    {
        using var tmp = new TempFolder();
        string errorCell;
        byte[] original;
        using (var f = OpenTemplate().FillValid())
        {
            f.Cell("TP.1", S.Value).FormulaA1 = "1+2";
            f.Cell("2.2", S.Value).FormulaA1 = "1/0";
            errorCell = f.Cell("2.2", S.Value).Address.ToStringRelative();
            original = f.Save();
        }

        var result = Read(Resave(tmp, original));

        Assert.That(result.Problems.Lines(), Is.EqualTo(new[]
        {
            $"{errorCell}: Ô Giá trị của tiêu chí 2.2 chứa công thức bị lỗi (#DIV/0!); hãy nhập giá trị trực tiếp",
        }));
        Assert.That(result.Value, Is.Null);
    }

    [Test]
    public void Template_ResavedByLibreOffice_KeepsNamesProtectionAndValidations()
    {
        using var tmp = new TempFolder();
        using var wb = new XLWorkbook(new MemoryStream(Resave(tmp, Template())));
        var ws = wb.Worksheet(S.SheetName);

        Assert.That(wb.NamedRange(S.UnitName).Ranges.Single().FirstCell().GetString(), Is.EqualTo("H-HL"));
        Assert.That(ws.Protection.IsProtected, Is.True);
        Assert.That(ws.DataValidations.Count(dv => dv.AllowedValues == XLAllowedValues.List), Is.GreaterThanOrEqualTo(3));
    }

    /// <summary>Converts with soffice in a private profile, so that parallel runs do not share one (to xlsx, or xls).</summary>
    internal static byte[] Resave(TempFolder tmp, byte[] workbook, string format = "xlsx")
    {
        var soffice = FindSoffice();
        var input = tmp.File("in.xlsx");
        File.WriteAllBytes(input, workbook);
        var outDir = Path.Combine(tmp.Path, "out");
        Directory.CreateDirectory(outDir);
        var profile = new Uri(Path.Combine(tmp.Path, "lo-profile")).AbsoluteUri;

        var psi = new ProcessStartInfo(soffice)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"-env:UserInstallation={profile}", "--headless", "--convert-to", format, "--outdir", outDir, input })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("soffice did not finish within 2 minutes");
        }
        var output = Path.Combine(outDir, "in." + format);
        Assert.That(File.Exists(output), Is.True, $"soffice wrote nothing (exit {process.ExitCode}): {stdout.Result} {stderr.Result}");
        return File.ReadAllBytes(output);
    }

    internal static string FindSoffice()
    {
        var candidates = new[] { "/usr/bin/soffice", "/usr/local/bin/soffice" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "soffice")));
        var found = candidates.FirstOrDefault(File.Exists);
        if (found is not null) return found;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail("soffice (LibreOffice) is required on CI: apt-get install -y libreoffice-calc-nogui");
        Assert.Ignore("soffice (LibreOffice) is not installed");
        return "";
    }
}
