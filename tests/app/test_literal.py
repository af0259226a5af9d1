"""equity_app.literal: the exact Markdown and hover text user input becomes."""

from __future__ import annotations

from equity_app.literal import code, hover, md
from tests.app.screen import shown


def test_markdown_punctuation_is_escaped_and_reads_back_as_typed():
    name = "**bold** _it_ :red[red] $$x^2$$ ![img](p.png) <b>b</b> %{x} {{7*7}} \\ ~~s~~"
    assert md(name) == (
        r"\*\*bold\*\* \_it\_ \:red\[red\] \$\$x\^2\$\$ \!\[img\]\(p\.png\) \<b\>b\<\/b\> "
        r"\%\{x\} \{\{7\*7\}\} \\ \~\~s\~\~"
    )
    assert shown(md(name)) == name


def test_bare_links_and_emoji_lose_the_character_they_need_to_a_code_span():
    text = "see http://evil.example/x, WWW.evil.example, me@evil.example :smile: 20:32:15"
    assert md(text) == (
        r"see http`:`\/\/evil\.example\/x\, WWW`.`evil\.example\, me`@`evil\.example "
        r"`:`smile\: 20`:`32\:15"
    )
    assert shown(md(text)) == text


def test_line_breaks_cannot_start_a_heading_list_or_table():
    assert md("a\n# heading\r\n- item\u2028| t |") == r"a \# heading \- item \| t \|"


def test_a_command_is_a_code_span_fenced_longer_than_any_backticks_inside():
    assert code("recompute 'Atlas'") == "`recompute 'Atlas'`"
    assert code("recompute '`tick`'") == "``recompute '`tick`'``"
    assert code("`x`") == "`` `x` ``"
    assert code("recompute ':material/home:'") == md("recompute ':material/home:'")


def test_hover_text_escapes_the_tags_plotly_renders_and_keeps_quotes():
    note = "<b>b</b> <a href=\"http://evil.example/\">a</a> AT&T 'q'"
    assert hover(note) == (
        "&lt;b&gt;b&lt;/b&gt; &lt;a href=\"http://evil.example/\"&gt;a&lt;/a&gt; AT&amp;T 'q'"
    )
