package dev.deploycheck.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Pos;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed expectations: each row is the text, the message, where the caret goes (offset, width) and the hint. */
class ExpectationSyntaxTest {
    static Stream<Arguments> malformed() {
        return Fixtures.table("""
            == 200                      | empty path                                | 0  | 1 | start with a fact such as status
            status                      | missing operator after 'status'           | 6  | 1 | e.g. status == 200 or status exists
            status = 200                | unknown operator '='                      | 7  | 1 | did you mean '=='?
            status => 200               | unknown operator '=>'                     | 7  | 2 | did you mean '>='?
            body =~ "x"                 | unknown operator '=~'                     | 5  | 2 | did you mean 'matches'?
            body contians "x"           | unknown operator 'contians'               | 5  | 8 | did you mean 'contains'?
            body startWith "x"          | unknown operator 'startWith'              | 5  | 9 | did you mean 'startsWith'?
            status is 200               | unknown operator 'is'                     | 7  | 2 | did you mean 'in'?
            status 200                  | expected an operator, found '200'         | 7  | 3 | operators: ==
            status not == 200           | 'not' goes before contains, matches, startsWith, endsWith, in, exists, not '=='  | 11 | 2 | use '!='
            status ==                   | missing value after '=='                  | 9  | 1 | e.g. 200
            body not contains           | missing value after 'not contains'        | 17 | 1 | e.g. 200
            body contains "abc          | unterminated string                       | 14 | 4 | close it with "
            body contains 'abc\\'       | unterminated string                       | 14 | 6 | close it with '
            body contains "a\\u12"      | bad unicode escape in string              | 16 | 5 | 4 hex digits
            status == 1.2.3             | bad number '1.2.3'                        | 10 | 5 | write e.g. 200
            duration < 500mss           | unknown duration unit in '500mss'         | 14 | 3 | units: ns us ms s m h d w
            duration < 5 min            | unexpected 'min' after the value          | 13 | 3 | join conditions with 'and' or 'or'
            duration < -5s              | a duration cannot be negative: '-5s'      | 11 | 3 | units:
            body matches "[a-z"         | bad regex: Unclosed character class       | 13 | 6 | java.util.regex.Pattern
            body matches "(abc"         | bad regex: Unclosed group                 | 13 | 6 | java.util.regex.Pattern
            body matches 5              | 'matches' needs a regex string            | 13 | 1 | quote strings
            json. == 1                  | empty path segment after '.'              | 4  | 1 | quote the key
            json..x == 1                | empty path segment after '.'              | 4  | 1 | quote the key
            json.items[0 == 1           | unclosed '['                              | 10 | 1 | json.items[0]
            json.items] == 1            | unbalanced ']'                            | 10 | 1 | -
            json[abc] == 1              | expected an index or a quoted key inside [ ] | 5 | 1 | json["key"]
            json["a.b == 1              | unterminated string                       | 5  | 9 | close it with "
            count(json.items == 3       | unclosed '('                              | 5  | 1 | count(json.items)
            json.a) == 1                | unbalanced ')'                            | 6  | 1 | -
            status in [200, 201         | unclosed '['                              | 10 | 1 | close the list
            status in [200 201]         | expected ',' or ']' in the list, found '2' | 15 | 1 | separate items with commas
            status in [200, [201]]      | lists cannot be nested                    | 16 | 1 | -
            status in 200               | 'in' needs a list                         | 10 | 3 | write [200, ...]
            status == 200]              | unbalanced ']'                            | 13 | 1 | -
            status < [1, 2]             | '<' needs a single value, not list        | 9  | 6 | -
            body contains null          | 'contains' needs a value, not null        | 14 | 4 | use 'not exists'
            status == 200 201           | unexpected '201' after the value          | 14 | 3 | join conditions with 'and' or 'or'
            status == 200 && body exists | unexpected '&& body exists' after the value | 14 | 14 | write 'and'
            body contains hello world   | unexpected 'world' after the value        | 20 | 5 | quote strings: "hello world"
            status == ^abc              | expected a value, found '^'               | 10 | 1 | quote strings: "text"
            json.x exists 5             | 'exists' takes no value                   | 14 | 1 | -
            json.x not exists yes       | 'not exists' takes no value               | 18 | 3 | -
            status == 200 or            | missing condition                         | 16 | 1 | e.g. status == 200
            status == 200 and and x == 1 | missing condition                        | 18 | 1 | e.g. status == 200
            (status == 200 or x == 1    | unclosed '('                              | 0  | 1 | add ')'
            (status == 200) x == 1      | unexpected 'x == 1'                       | 16 | 6 | join conditions
            status == 200 || x == 1     | unexpected '|| x == 1' after the value    | 14 | 9 | write 'or'
            cert.notBefore <= now -     | expected a duration after 'now -', found '' | 23 | 1 | e.g. now - 30d
            cert.notBefore <= now - 5x  | expected a duration after 'now -', found '5x' | 24 | 2 | e.g. now - 30d
            tls.protocol >= TLSv1.4     | not a TLS version: 'TLSv1.4'              | 16 | 7 | TLSv1.2, TLSv1.3
            len(json.items) == 3        | unknown function 'len'                    | 0  | 3 | count(json.items)
            json.items.size() == 3      | unknown function 'size'                   | 11 | 4 | count(json.items)
            status == ${vars.code       | unclosed '${'                             | 10 | 11 | ${vars.name}
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void pointsAtTheMistake(String text, String message, String offset, String width, String hint) {
        ExpectationSyntaxException e = assertThrows(ExpectationSyntaxException.class,
                () -> Expectation.parse(text, Pos.NONE), text);
        assertEquals(message, e.getMessage(), text);
        assertEquals(Integer.parseInt(offset), e.offset(), () -> "offset of: " + text + " (" + e.getMessage() + ")");
        assertEquals(Integer.parseInt(width), e.width(), () -> "width of: " + text);
        if (hint.equals("-")) {
            assertEquals(null, e.hint(), text);
        } else {
            assertTrue(e.hint() != null && e.hint().contains(hint), () -> text + ": hint was " + e.hint());
        }
    }

    @Test
    void emptyTextIsAnError() {
        ExpectationSyntaxException e = assertThrows(ExpectationSyntaxException.class,
                () -> Expectation.parse("   ", Pos.NONE));
        assertEquals("empty expectation", e.getMessage());
        assertEquals(0, e.offset());
    }
}
