#pragma once

#include <Qsci/qsciscintilla.h>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QLabel;
QT_END_NAMESPACE

class QsciLexerJSON;

namespace Cosmoscope {

class FindBar;

/// The one QScintilla wrapper: fonts, margins, folding, a find bar (Ctrl+F, F3), and error
/// marking (a squiggle at the position, an annotation under the line, a margin marker).
class CodeEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);

    /// Marks a problem at a 0-based byte offset in the UTF-8 text (1-based line for the note),
    /// underlining `byteLength` bytes from there (at least one), and notes it under its line;
    /// `moveCaret`: also goes there (on Save; not while the user types).
    void markError(int byteOffset, int line, const QString &message, int byteLength = 1,
                   bool moveCaret = true);
    void clearErrors();
    bool hasErrors() const { return m_errorLine >= 0; }
    int errorLine() const { return m_errorLine; } ///< 1-based, -1 when none
    QString errorMessage() const { return m_errorMessage; }
    /// The underlined bytes: {start, length}; {-1, 0} when none.
    QPair<int, int> errorRange() const { return {m_errorStart, m_errorLength}; }

    void showFindBar();
    bool findText(const QString &text, bool forward = true);
    FindBar *findBar() const { return m_findBar; }

    /// Replaces the text in chunks, one per event-loop turn, for very large text.
    void setTextChunked(const QString &text, int chunkChars = 256 * 1024);
    bool isLoadingText() const;

    void setText(const QString &text) override;
    /// Sets the lexer and colours it for the current theme (Theme::styleEditor).
    void setLexer(QsciLexer *lexer = nullptr) override;
    /// Text above this many characters makes a large document: QScintilla's per-edit
    /// accessibility notifications are left out (they walk the text from its start), and
    /// textChanged() is then signalled on the next event-loop turn after an edit.
    static constexpr qsizetype LargeDocumentChars = 256 * 1024;
    bool isLargeDocument() const { return m_largeDocument; }

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void annotateError(int lineIndex, const QString &message);
    void placeFindBar();
    void setLargeDocument(bool large);

    FindBar *m_findBar;
    int m_errorLine = -1;
    int m_errorStart = -1;
    int m_errorLength = 0;
    QString m_errorMessage;
    void appendNextChunk(quint64 generation);

    quint64 m_textGeneration = 0;
    QString m_pendingText;
    qsizetype m_pendingOffset = 0;
    int m_chunkChars = 0;
    bool m_largeDocument = false;
    bool m_textChangeQueued = false;
};

/// JSON with folding.
class JsonEditor : public CodeEditor
{
    Q_OBJECT
public:
    explicit JsonEditor(QWidget *parent = nullptr);

private:
    QsciLexerJSON *m_lexer;
};

/// A small find bar shown over the top-right corner of a CodeEditor.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(CodeEditor *editor);
    QLineEdit *lineEdit() const { return m_edit; }
    void activate();

protected:
    /// Return, Enter and Escape end here: they must not reach the editor underneath.
    void keyPressEvent(QKeyEvent *event) override;

private:
    void find(bool forward);

    CodeEditor *m_editor;
    QLineEdit *m_edit;
    QLabel *m_status;
};

} // namespace Cosmoscope
