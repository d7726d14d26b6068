using System.Globalization;

namespace LiubeiSim.Model.District;

/// <summary>
/// Evaluates a derived figure's formula: decimal literals, <c>{figure.id}</c> references,
/// <c>+ - * /</c>, unary minus and parentheses, by recursive descent.
/// </summary>
/// <remarks>
/// Grammar: expr = term (("+"|"-") term)*; term = unary (("*"|"/") unary)*;
/// unary = ("-"|"+") unary | primary; primary = number | "{" id "}" | "(" expr ")".
/// Syntax errors are <see cref="FormatException"/>s with the 1-based character position.
/// </remarks>
internal sealed class FormulaEvaluator
{
    private readonly string _text;
    private readonly Func<string, double> _lookup;
    private int _pos;

    private FormulaEvaluator(string text, Func<string, double> lookup)
    {
        _text = text;
        _lookup = lookup;
    }

    public static double Evaluate(string formula, Func<string, double> lookup)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(lookup);
        var evaluator = new FormulaEvaluator(formula, lookup);
        return evaluator.ParseWhole();
    }

    /// <summary>The ids the formula references, distinct, in order of appearance; also checks the syntax.</summary>
    public static IReadOnlyList<string> References(string formula)
    {
        var ids = new List<string>();
        // A dry run with every reference worth 1: the parse is the same, only the numbers are dummies.
        Evaluate(formula, id =>
        {
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }

            return 1.0;
        });
        return ids;
    }

    private double ParseWhole()
    {
        var value = ParseExpression();
        SkipSpaces();
        if (_pos < _text.Length)
        {
            throw Error($"unexpected '{_text[_pos]}'");
        }

        return value;
    }

    private double ParseExpression()
    {
        var value = ParseTerm();
        while (true)
        {
            SkipSpaces();
            if (TryConsume('+'))
            {
                value += ParseTerm();
            }
            else if (TryConsume('-'))
            {
                value -= ParseTerm();
            }
            else
            {
                return value;
            }
        }
    }

    private double ParseTerm()
    {
        var value = ParseUnary();
        while (true)
        {
            SkipSpaces();
            if (TryConsume('*'))
            {
                value *= ParseUnary();
            }
            else if (TryConsume('/'))
            {
                value /= ParseUnary();
            }
            else
            {
                return value;
            }
        }
    }

    private double ParseUnary()
    {
        SkipSpaces();
        if (TryConsume('-'))
        {
            return -ParseUnary();
        }

        if (TryConsume('+'))
        {
            return ParseUnary();
        }

        return ParsePrimary();
    }

    private double ParsePrimary()
    {
        SkipSpaces();
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of formula");
        }

        var c = _text[_pos];
        if (TryConsume('('))
        {
            var inner = ParseExpression();
            SkipSpaces();
            if (!TryConsume(')'))
            {
                throw Error("missing ')'");
            }

            return inner;
        }

        if (TryConsume('{'))
        {
            var close = _text.IndexOf('}', _pos);
            if (close < 0)
            {
                throw Error("missing '}'");
            }

            var id = _text[_pos..close].Trim();
            if (id.Length == 0 || !id.All(IsIdChar))
            {
                throw Error($"bad figure id '{id}' in braces");
            }

            _pos = close + 1;
            return _lookup(id);
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            return ParseNumber();
        }

        throw Error($"unexpected '{c}'");
    }

    private double ParseNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        var literal = _text[start.._pos];
        if (!double.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            _pos = start;
            throw Error($"bad number '{literal}'");
        }

        return value;
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private bool TryConsume(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private FormatException Error(string message) =>
        new($"Formula '{_text}', at character {_pos + 1}: {message}.");
}
