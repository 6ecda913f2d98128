using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParIndex.Web.Hosting;

/// <summary>
/// The API's enums (stages, …) as words: a value is read from its name (<c>"SelfAssessment"</c>, any case) or
/// its defined number (<c>1</c>, as earlier clients send), and anything else (<c>99</c>, a misspelt name) is
/// refused, so a value outside the domain never reaches a handler or the database. Written as the name.
/// Enums that say how they are written (<see cref="JsonConverterAttribute"/>, e.g. severities) keep it.
/// </summary>
internal sealed class DefinedEnumConverterFactory : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Words = new();

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetCustomAttribute<JsonConverterAttribute>() is null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(DefinedEnumConverter<>).MakeGenericType(typeToConvert),
            Words.CreateConverter(typeToConvert, options))!;
}

/// <summary>Reads only defined values of <typeparamref name="T"/> (see <see cref="DefinedEnumConverterFactory"/>).</summary>
internal sealed class DefinedEnumConverter<T>(JsonConverter words) : JsonConverter<T> where T : struct, Enum
{
    private readonly JsonConverter<T> _words = (JsonConverter<T>)words;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt32(out var number) && Enum.IsDefined(typeof(T), number):
                return (T)Enum.ToObject(typeof(T), number);
            case JsonTokenType.String when reader.GetString() is { Length: > 0 } name && char.IsLetter(name[0])
                                           && Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value):
                return value;
        }
        var given = reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : reader.TokenType == JsonTokenType.Number
            ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString();
        throw new JsonException($"Giá trị {given} không hợp lệ: dùng một trong {string.Join(", ", Enum.GetNames<T>())}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _words.Write(writer, value, options);
}
