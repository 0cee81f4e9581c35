#include "codeeditor.h"
#include "icons.h"

#include "theme.h"

#include <Qsci/qscilexerjson.h>
#include <Qsci/qscistyle.h>

#include <QAccessible>
#include <QAccessibleWidget>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace Cosmoscope {

constexpr int ErrorIndicator = 8;
constexpr int ErrorMarker = 1;

// QScintilla's accessible interface answers every caret move with a walk from the start of
// the document to the caret (a position-to-character conversion): ~25 ms per keystroke near
// the end of a 2 MB item. While no assistive technology listens, editors get a plain one.
static QAccessibleInterface *plainWhenInactive(const QString &, QObject *object)
{
    if (QAccessible::isActive())
        return nullptr; // QScintilla's own, with the text interface
    if (auto editor = qobject_cast<CodeEditor *>(object))
        return new QAccessibleWidget(editor, QAccessible::EditableText);
    return nullptr;
}

CodeEditor::CodeEditor(QWidget *parent)
    : QsciScintilla(parent)
    , m_findBar(nullptr)
{
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(font);
    setUtf8(true);
    setMarginsFont(font);
    setMarginType(0, NumberMargin);
    setMarginWidth(0, QStringLiteral("00000"));
    setMarginLineNumbers(0, true);
    setMarginType(1, SymbolMargin);
    setMarginWidth(1, 12);
    setMarginSensitivity(1, false);
    markerDefine(Circle, ErrorMarker);
    setMarkerBackgroundColor(QColor(0xda, 0x44, 0x53), ErrorMarker);
    setMarkerForegroundColor(QColor(0xda, 0x44, 0x53), ErrorMarker);
    setBraceMatching(SloppyBraceMatch);
    setTabWidth(4);
    setIndentationsUseTabs(false);
    setAutoIndent(true);
    setCaretLineVisible(true);
    setCaretLineBackgroundColor(QColor(0xf3, 0xf6, 0xfa));
    setWrapMode(WrapNone);
    indicatorDefine(SquiggleIndicator, ErrorIndicator);
    setIndicatorForegroundColor(QColor(0xda, 0x44, 0x53), ErrorIndicator);
    setAnnotationDisplay(AnnotationBoxed);
    m_findBar = new FindBar(this);
    m_findBar->hide();
    connect(this, &QsciScintilla::textChanged, this, [this] {
        if (hasErrors())
            clearErrors();
    });
    // Installed after QScintilla's factory (its first editor installs it): asked first.
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(plainWhenInactive);
        return true;
    }();
    Q_UNUSED(factoryInstalled)
    Theme::styleEditor(this);
    connect(Theme::instance(), &Theme::changed, this, [this] {
        Theme::styleEditor(this);
        if (hasErrors()) // the annotation box takes the new scheme's colours
            annotateError(m_errorLine - 1, m_errorMessage);
    });
    // In a large document, the before-change notifications stand in for the ones left out.
    connect(this, &QsciScintillaBase::SCN_MODIFIED, this, [this](int, int type) {
        if (!m_largeDocument || !(type & (SC_MOD_BEFOREINSERT | SC_MOD_BEFOREDELETE))
            || m_textChangeQueued) {
            return;
        }
        m_textChangeQueued = true;
        QMetaObject::invokeMethod(this, [this] {
            m_textChangeQueued = false;
            Q_EMIT textChanged();
        }, Qt::QueuedConnection);
    });
}

void CodeEditor::setText(const QString &text)
{
    setLargeDocument(text.size() > LargeDocumentChars);
    QsciScintilla::setText(text);
}

void CodeEditor::setLexer(QsciLexer *lexer)
{
    QsciScintilla::setLexer(lexer);
    Theme::styleEditor(this);
}

void CodeEditor::setLargeDocument(bool large)
{
    if (large == m_largeDocument)
        return;
    m_largeDocument = large;
    // QScintilla turns each insertion and deletion it is told of into an accessibility event
    // whose character offset it counts from the start of the document. A large document is
    // told only of the changes the editor needs (folds, markers, indicators, annotations).
    const unsigned long largeMask = SC_MOD_BEFOREINSERT | SC_MOD_BEFOREDELETE | SC_MOD_CHANGEFOLD
                                    | SC_MOD_CHANGEMARKER | SC_MOD_CHANGEINDICATOR
                                    | SC_MOD_CHANGEANNOTATION | SC_MOD_CHANGELINESTATE
                                    | SC_MOD_CHANGEMARGIN | SC_MOD_LEXERSTATE;
    SendScintilla(SCI_SETMODEVENTMASK, large ? largeMask : (unsigned long) SC_MODEVENTMASKALL);
}

void CodeEditor::markError(int byteOffset, int line, const QString &message, int byteLength,
                           bool moveCaret)
{
    clearErrors();
    const int length = int(SendScintilla(SCI_GETLENGTH));
    const int position = qBound(0, byteOffset, qMax(0, length - 1));
    const int fill = length > 0 ? qBound(1, byteLength, length - position) : 0;
    SendScintilla(SCI_SETINDICATORCURRENT, ErrorIndicator);
    SendScintilla(SCI_INDICATORFILLRANGE, position, fill);
    m_errorStart = position;
    m_errorLength = fill;
    const int lineIndex = qMax(0, line - 1);
    annotateError(lineIndex, message);
    markerAdd(lineIndex, ErrorMarker);
    m_errorLine = lineIndex + 1;
    m_errorMessage = message;
    if (moveCaret) {
        SendScintilla(SCI_GOTOPOS, position);
        ensureLineVisible(lineIndex);
    }
}

void CodeEditor::annotateError(int lineIndex, const QString &message)
{
    // Dark red on pink in light, pale red on a dark red in dark: legible in both.
    static QsciStyle errorStyle(-1, QStringLiteral("error"), Qt::black, Qt::white, QFont());
    const bool dark = Theme::instance()->isDark();
    errorStyle.setColor(dark ? QColor(0xff, 0xc1, 0xc5) : QColor(0x8b, 0x0d, 0x18));
    errorStyle.setPaper(dark ? QColor(0x4a, 0x1f, 0x24) : QColor(0xfd, 0xe7, 0xe9));
    annotate(lineIndex, message, errorStyle);
}

void CodeEditor::clearErrors()
{
    SendScintilla(SCI_SETINDICATORCURRENT, ErrorIndicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, SendScintilla(SCI_GETLENGTH));
    clearAnnotations();
    markerDeleteAll(ErrorMarker);
    m_errorLine = -1;
    m_errorStart = -1;
    m_errorLength = 0;
    m_errorMessage.clear();
}

void CodeEditor::showFindBar()
{
    placeFindBar();
    m_findBar->activate();
}

bool CodeEditor::findText(const QString &text, bool forward)
{
    if (text.isEmpty())
        return false;
    int line = 0;
    int index = 0;
    if (!forward && hasSelectedText()) {
        int l2 = 0;
        int i2 = 0;
        getSelection(&line, &index, &l2, &i2);
        setCursorPosition(line, index);
    }
    return findFirst(text, false, false, false, true, forward);
}

void CodeEditor::setTextChunked(const QString &text, int chunkChars)
{
    ++m_textGeneration;
    m_pendingText.clear();
    setLargeDocument(text.size() > LargeDocumentChars);
    if (text.size() <= chunkChars) {
        setText(text);
        return;
    }
    clear();
    m_pendingText = text;
    m_pendingOffset = 0;
    m_chunkChars = chunkChars;
    appendNextChunk(m_textGeneration);
}

void CodeEditor::appendNextChunk(quint64 generation)
{
    if (generation != m_textGeneration || m_pendingOffset >= m_pendingText.size())
        return;
    append(m_pendingText.mid(m_pendingOffset, m_chunkChars));
    m_pendingOffset += m_chunkChars;
    if (m_pendingOffset < m_pendingText.size())
        QTimer::singleShot(0, this, [this, generation] { appendNextChunk(generation); });
    else
        m_pendingText.clear();
}

bool CodeEditor::isLoadingText() const
{
    return !m_pendingText.isEmpty();
}

void CodeEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Find)) {
        showFindBar();
        return;
    }
    if (event->key() == Qt::Key_F3) {
        findText(m_findBar->lineEdit()->text(), !(event->modifiers() & Qt::ShiftModifier));
        return;
    }
    if (event->key() == Qt::Key_Escape && m_findBar->isVisible()) {
        m_findBar->hide();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QsciScintilla::resizeEvent(event);
    placeFindBar();
}

void CodeEditor::placeFindBar()
{
    m_findBar->adjustSize();
    const int width = qMin(m_findBar->sizeHint().width() + 80, viewport()->width());
    m_findBar->setGeometry(viewport()->geometry().right() - width - 2,
                           viewport()->geometry().top() + 2,
                           width,
                           m_findBar->sizeHint().height());
}

// ---------------------------------------------------------------------------------------------

JsonEditor::JsonEditor(QWidget *parent)
    : CodeEditor(parent)
    , m_lexer(new QsciLexerJSON(this))
{
    m_lexer->setDefaultFont(font());
    for (int style = 0; style <= QsciLexerJSON::KeywordLD; ++style)
        m_lexer->setFont(font(), style);
    m_lexer->setColor(QColor(0x0b, 0x52, 0x94), QsciLexerJSON::Property);
    m_lexer->setColor(QColor(0xa3, 0x15, 0x15), QsciLexerJSON::String);
    m_lexer->setColor(QColor(0x09, 0x86, 0x58), QsciLexerJSON::Number);
    m_lexer->setColor(QColor(0x00, 0x00, 0xff), QsciLexerJSON::Keyword);
    m_lexer->setFoldCompact(false);
    setLexer(m_lexer);
    setFolding(BoxedTreeFoldStyle, 2);
}

// ---------------------------------------------------------------------------------------------

FindBar::FindBar(CodeEditor *editor)
    : QWidget(editor)
    , m_editor(editor)
    , m_edit(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("findBar"));
    setAutoFillBackground(true);
    m_edit->setPlaceholderText(tr("Find"));
    m_edit->setClearButtonEnabled(true);
    auto previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous (Shift+F3)"));
    auto next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next (F3)"));
    auto close = new QToolButton(this);
    close->setIcon(Icons::fromResource(QStringLiteral("close")));
    close->setAutoRaise(true);
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 2, 2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_status);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(close);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] { find(true); });
    connect(previous, &QToolButton::clicked, this, [this] { find(false); });
    connect(next, &QToolButton::clicked, this, [this] { find(true); });
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        m_editor->setFocus();
    });
}

void FindBar::activate()
{
    show();
    raise();
    m_edit->setFocus();
    m_edit->selectAll();
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        event->accept(); // QLineEdit::returnPressed already searched
        return;
    case Qt::Key_Escape:
        hide();
        m_editor->setFocus();
        event->accept();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void FindBar::find(bool forward)
{
    const bool found = m_editor->findText(m_edit->text(), forward);
    m_status->setText(found || m_edit->text().isEmpty() ? QString() : tr("Not found"));
}

} // namespace Cosmoscope
