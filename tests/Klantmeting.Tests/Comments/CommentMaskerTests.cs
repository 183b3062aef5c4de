using Klantmeting.Comments;

namespace Klantmeting.Tests.Comments;

/// <summary>A corpus with every pattern that could identify somebody, and text that must stay as it is.</summary>
public sealed class CommentMaskerTests
{
    private const string X = CommentMasker.Removed;

    [Theory]
    [InlineData("Mail me op jan.jansen@example.nl graag", $"Mail me op {X} graag")]
    [InlineData("mijn adres: p.de-vries+uwv@mail.co.uk.", $"mijn adres: {X}.")]
    [InlineData("bereik me via jan (at) gmail.com", $"bereik me via {X}")]
    [InlineData("Bel 06-12345678 na vijven", $"Bel {X} na vijven")]
    [InlineData("Bel 0612345678", $"Bel {X}")]
    [InlineData("vast nummer 020 123 4567.", $"vast nummer {X}.")]
    [InlineData("of +31 6 1234 5678", $"of {X}")]
    [InlineData("of +31(0)20-1234567", $"of {X}")]
    [InlineData("of 0031 6 12345678", $"of {X}")]
    [InlineData("in Belgie +32 470 12 34 56", $"in Belgie {X}")]
    [InlineData("mijn BSN is 123456782 ", $"mijn BSN is {X} ")]
    [InlineData("BSN 1234.56.782", $"BSN {X}")]
    [InlineData("sofinummer 012345678", $"sofinummer {X}")]
    [InlineData("rekening NL91ABNA0417164300 klopt", $"rekening {X} klopt")]
    [InlineData("rekening NL91 ABNA 0417 1643 00 klopt", $"rekening {X} klopt")]
    [InlineData("iban nl91abna0417164300", $"iban {X}")]
    [InlineData("ik woon op 1234 AB 12a in Utrecht", $"ik woon op {X} in Utrecht")]
    [InlineData("postcode 1234AB, 7", $"postcode {X}")]
    [InlineData("Dorpsstraat 3, 5611ab Eindhoven", $"Dorpsstraat 3, {X} Eindhoven")]
    [InlineData("kijk op https://www.example.nl/klacht?id=5 ", $"kijk op {X} ")]
    [InlineData("zie www.mijnsite.nl", $"zie {X}")]
    [InlineData("zie uwv.nl/werkzoekenden", $"zie {X}")]
    public void Removes_what_identifies(string comment, string masked) => Assert.Equal(masked, CommentMasker.Mask(comment));

    [Theory]
    [InlineData("Ik kreeg na 3 weken pas mijn eerste uitkering. Een 7 voor de service.")]
    [InlineData("In 2009 en 2010 had ik steeds een andere contactpersoon.")]
    [InlineData("Het duurde 14 dagen, 2 gesprekken en 1 brief.")]
    [InlineData("Om 10.30 uur afgesproken, om 11.15 uur geholpen.")]
    [InlineData("Bedrag van 1.250,00 euro klopte niet.")]
    [InlineData("")]
    public void Leaves_ordinary_text_alone(string comment) => Assert.Equal(comment, CommentMasker.Mask(comment));

    [Fact]
    public void Masks_every_occurrence_in_one_comment()
    {
        var masked = CommentMasker.Mask("Bel 06-12345678 of mail a@b.nl, BSN 123456782, IBAN NL91ABNA0417164300, 1234 AB 1.");
        Assert.Equal($"Bel {X} of mail {X}, BSN {X}, IBAN {X}, {X}.", masked);
    }
}
