#include "sourceeditor.h"

#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexersql.h>

#include <QFontDatabase>

namespace Manage {

SourceEditor::SourceEditor(Language language, QWidget *parent)
    : CodeEditor(parent)
{
    QsciLexer *lexer = nullptr;
    if (language == Language::JavaScript)
        lexer = new QsciLexerJavaScript(this);
    else if (language == Language::Sql)
        lexer = new QsciLexerSQL(this);
    else
        lexer = new QsciLexerJSON(this);
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(font);
    lexer->setFont(font);
    setLexer(lexer);
    // The horizontal scroll bar follows the longest line shown, not a fixed 2000 px.
    SendScintilla(SCI_SETSCROLLWIDTH, 1L);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1L);
}

void SourceEditor::markErrorLine(int line, const QString &message)
{
    if (line <= 0) {
        clearErrors();
        return;
    }
    markError(int(positionFromLineIndex(line - 1, 0)), line, message);
}

} // namespace Manage
