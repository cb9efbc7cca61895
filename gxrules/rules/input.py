"""CN9xx: input that could not be read, and rules that crashed.

CN901, CN903 and CN999 are reported by the engine itself (a file that cannot
be decoded has no report to run rules on); they are declared here so they
can be listed, explained, selected and ignored like any rule.
"""
from __future__ import annotations

from . import rule


@rule("CN901", "undecodable-file", severity="error",
      summary="文件无法解码（二进制文件或未知编码）")
def undecodable_file(report, ctx):
    """The file is not text in UTF-8 (with or without BOM), GB18030/GBK/GB2312 or UTF-16 with BOM.

    Why: a report that cannot be decoded cannot be checked at all.

    Example: a .txt that is really a Word or PDF file, or text in Big5.

    Correct: save the report as UTF-8 text (or export the PDF's text).
    """
    return ()


@rule("CN902", "no-tables", severity="error",
      summary="看起来是年度报告，但一张统计表格都未能读取")
def no_tables(report, ctx):
    """The file looks like an annual report, but none of the three tables could be read.

    Why: the three tables are the heart of the report; if none can be found
    the report either lacks them (images, attachments) or they were lost
    when the page was saved.

    Example: a report whose tables were pasted as pictures.

    Correct: publish the tables as text tables.
    """
    if any(t.present for t in report.tables.values()):
        return
    from .structure import _top

    yield ctx.diagnostic(_top(report), "未能读取任何统计表格（主动公开、依申请公开、复议诉讼）", key="no-tables")


@rule("CN903", "file-too-large", severity="error",
      summary="文件超过大小上限（默认 5 MB，可用 max-file-size 配置）")
def file_too_large(report, ctx):
    """The file is larger than ``max-file-size`` (default 5 MB) and was not read.

    Why: an annual report is a few dozen kilobytes; a file of many megabytes
    is not a report (or is a report with embedded data), and reading it would
    slow every run.

    Example: a 50 MB log file named report.txt.

    Correct: check that the right file is committed, or raise ``max-file-size``.
    """
    return ()


@rule("CN999", "rule-crashed", severity="error",
      summary="规则执行出错（注明规则与插件；退出码为 2）")
def rule_crashed(report, ctx):
    """A rule raised an exception while checking this file.

    Why: a crashing rule is a bug in gxrules or in a plugin, not in the
    report. The other rules and files still run; the exit code is 2 so that
    the failure is noticed.

    Example: ``NX101`` raising ``KeyError`` on an unusual table.

    Correct: report the bug to the plugin named in the message.
    """
    return ()
