namespace ParIndex.Scoring.Tests;

public class NumbersTests
{
    [TestCase("81.125", "81.13")]
    [TestCase("81.135", "81.14")]
    [TestCase("-1.005", "-1.01")]
    [TestCase("95.714285", "95.71")]
    public void Round_HalfAwayFromZero(string value, string expected) =>
        Assert.That(Numbers.Round(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), 2),
            Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void FromDouble_ZeroPointOnePlusZeroPointTwo_IsExactlyZeroPointThree()
    {
        var sum = 0.1 + 0.2; // 0.30000000000000004 as a double
        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.Not.EqualTo(0.3));
            Assert.That(Numbers.FromDouble(sum), Is.EqualTo(0.3m));
        });
    }

    [Test]
    public void FromDouble_KeepsSixPlaces() => Assert.That(Numbers.FromDouble(1.23456789), Is.EqualTo(1.234568m));

    [Test]
    public void Places_IgnoresTrailingZeros() => Assert.Multiple(() =>
    {
        Assert.That(Numbers.Places(1.50m), Is.EqualTo(1));
        Assert.That(Numbers.Places(2.125m), Is.EqualTo(3));
        Assert.That(Numbers.Places(3.000m), Is.EqualTo(0));
    });

    [Test]
    public void Vi_UsesDecimalComma() => Assert.Multiple(() =>
    {
        Assert.That(Numbers.Vi(3.50m), Is.EqualTo("3,5"));
        Assert.That(Numbers.Vi(100m), Is.EqualTo("100"));
    });
}
