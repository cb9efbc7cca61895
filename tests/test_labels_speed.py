"""The quick path of the label lookup gives what the general lookup gives.

:meth:`labels.AliasIndex.lookup` answers a label written as the template (or a plugin) writes it
from a table made when the index is built; every other label is split and looked up by its key.
Both are checked here against a lookup that always splits the label.
"""
from __future__ import annotations

import copy

from hypothesis import given, settings as hsettings, strategies as st

from gxrules.labels import AliasIndex, split_label


def _general_lookup(index, text):
    """The lookup by key alone: the same index with its table of written labels emptied."""
    general = copy.copy(index)
    general._written = {}
    return general.lookup(text)


def _written_labels(template):
    out = []
    for table in template.tables.values():
        out += table.headers
        for item in list(table.columns.values()) + list(table.groups) + list(table.rows):
            out += [item.label, *item.aliases, *item.typos]
    return out


_PLUGIN_ALIASES = {"applications.row.new_received": ["本年受理申请数量", "typo:本年新收申请数"],
                   "applications.column.total": ["合 计"], "review_litigation.row.review": ["复议"]}


def test_every_written_label_is_looked_up_as_by_its_key(linter):
    for template in linter.templates.values():
        for aliases in (None, _PLUGIN_ALIASES):
            index = AliasIndex(template, aliases)
            texts = _written_labels(template) + [a.removeprefix("typo:") for v in _PLUGIN_ALIASES.values() for a in v]
            for text in texts:
                assert index.lookup(text) == _general_lookup(index, text), text
            assert index._written  # the quick path is taken


_PIECES = st.sampled_from(["一、", "（一）", "(二)", "1.", "3、", " ", "　", "其他", "总计", "合计", "结果维持",
                           "予以公开", "部分公开", "行政复议", "规章", "数量", "，", "：", "*", "#"])


@hsettings(max_examples=150, deadline=None)
@given(st.data())
def test_lookup_is_the_lookup_by_key(linter, data):
    template = linter.templates[data.draw(st.sampled_from(sorted(linter.templates)))]
    index = AliasIndex(template, data.draw(st.sampled_from([None, _PLUGIN_ALIASES])))
    written = _written_labels(template)
    text = data.draw(st.one_of(st.sampled_from(written),
                               st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", "（三）", "2.", " "]),
                                         st.sampled_from(written), st.sampled_from(["", " ", "："])),
                               st.lists(_PIECES, max_size=5).map("".join)))
    assert index.lookup(text) == _general_lookup(index, text)


_LABEL_CHARS = st.sampled_from(list("一二三四五六七八九十0123456789()（）、.．,，:：　 \u00a0\u200b#*结果维持其他ＡＢ１２－—～"))


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LABEL_CHARS, max_size=20))
def test_split_label_keys_its_normalised_text_as_label_key_does(text):
    """split_label strips the normalised text without normalising it again (normalising twice
    changes nothing): its key is ``label_key`` of what follows the ordinal."""
    from gxrules.labels import label_key
    from gxrules.source import normalise

    norm = normalise(text)
    assert normalise(norm) == norm
    split = split_label.__wrapped__(text)
    assert split.key == label_key(norm[split.ordinal_len:])
