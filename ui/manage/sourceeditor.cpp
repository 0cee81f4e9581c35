#include "sourceeditor.h"

#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexersql.h>

#include <QFontDatabase>

namespace Manage {

constexpr int ErrorMarker = 1;

SourceEditor::SourceEditor(Language language, QWidget *parent)
    : QsciScintilla(parent)
{
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QsciLexer *lexer = nullptr;
    if (language == Language::JavaScript)
        lexer = new QsciLexerJavaScript(this);
    else if (language == Language::Sql)
        lexer = new QsciLexerSQL(this);
    else
        lexer = new QsciLexerJSON(this);
    lexer->setDefaultFont(font);
    lexer->setFont(font);
    setLexer(lexer);
    setUtf8(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setAutoIndent(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setTabWidth(4);
    // The horizontal scroll bar follows the longest line shown, not a fixed 2000 px.
    SendScintilla(SCI_SETSCROLLWIDTH, 1L);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1L);
    markerDefine(QsciScintilla::Background, ErrorMarker);
    setMarkerBackgroundColor(QColor(0xfd, 0xe7, 0xe9), ErrorMarker);
}

void SourceEditor::markErrorLine(int line)
{
    clearErrorMarks();
    if (line <= 0)
        return;
    m_errorLine = line;
    markerAdd(line - 1, ErrorMarker);
}

void SourceEditor::clearErrorMarks()
{
    markerDeleteAll(ErrorMarker);
    m_errorLine = 0;
}

} // namespace Manage
