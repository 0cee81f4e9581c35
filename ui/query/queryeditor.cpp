#include "queryeditor.h"

#include "cosmossqllexer.h"
#include "theme.h"

#include <Qsci/qsciapis.h>

#include <QKeyEvent>
#include <QRegularExpression>

namespace Cosmoscope {

constexpr int ParameterIndicator = 9;

QueryEditor::QueryEditor(QWidget *parent)
    : CodeEditor(parent)
    , m_lexer(new CosmosSqlLexer(this))
    , m_apis(new QsciAPIs(m_lexer))
{
    setLexer(m_lexer);
    setMarginWidth(0, QStringLiteral("000"));
    indicatorDefine(TextColorIndicator, ParameterIndicator);
    // Parameter names in orange, dark enough on white and light enough on dark paper.
    const auto colourParameters = [this] {
        setIndicatorForegroundColor(Theme::instance()->isDark() ? QColor(0xf0, 0xa0, 0x50)
                                                                : QColor(0xa8, 0x4f, 0x00),
                                    ParameterIndicator);
    };
    colourParameters();
    connect(Theme::instance(), &Theme::changed, this, colourParameters);
    setAutoCompletionSource(AcsAll);
    setAutoCompletionThreshold(2);
    setAutoCompletionCaseSensitivity(false);
    setAutoCompletionWordSeparators({QStringLiteral(".")});
    setAutoCompletionUseSingle(AcusNever);
    setCallTipsStyle(CallTipsNoContext);
    const auto prepared = [this] {
        m_preparing = false;
        if (m_apisDirty) {
            m_apisDirty = false;
            rebuildApis();
        }
    };
    connect(m_apis, &QsciAPIs::apiPreparationFinished, this, prepared);
    connect(m_apis, &QsciAPIs::apiPreparationCancelled, this, prepared);
    rebuildApis();
    connect(this, &QsciScintilla::textChanged, this, &QueryEditor::markParameters);
}

QueryEditor::~QueryEditor()
{
    if (m_preparing) {
        // QsciAPIs' worker thread reads the lexer until it is done, and destroying the APIs
        // meanwhile would terminate the thread: keep the lexer (the APIs are its child) until
        // the preparation ends. The editor detaches the lexer when it is destroyed.
        m_lexer->setParent(nullptr);
        connect(m_apis, &QsciAPIs::apiPreparationFinished, m_lexer, &QObject::deleteLater);
        connect(m_apis, &QsciAPIs::apiPreparationCancelled, m_lexer, &QObject::deleteLater);
    }
}

void QueryEditor::rebuildApis()
{
    m_words.clear();
    for (const QString &k : CosmosSqlLexer::keywordList())
        m_words << k.toUpper();
    m_words += CosmosSqlLexer::functionSignatures();
    m_words += m_paths;
    if (m_preparing) {
        // The word list must not change under the worker; rebuild when it is done.
        m_apisDirty = true;
        return;
    }
    m_apis->clear();
    for (const QString &w : std::as_const(m_words))
        m_apis->add(w);
    m_preparing = true;
    m_apis->prepare(); // QsciAPIs prepares on its own worker thread
}

void QueryEditor::addPropertyPaths(const QStringList &paths)
{
    bool added = false; // completionWords() follows at once, the APIs when prepared
    for (const QString &p : paths) {
        if (!m_paths.contains(p)) {
            m_paths << p;
            added = true;
        }
    }
    if (added)
        rebuildApis();
}

QString QueryEditor::textToRun() const
{
    // Not hasSelectedText(): QScintilla caches that flag and only updates it when the
    // selection is claimed, so typing over a Select All leaves it set with nothing selected
    // (and the run took the empty "selection"). Ask Scintilla itself.
    const bool empty = SendScintilla(SCI_GETSELECTIONEMPTY) != 0;
    return empty ? text() : selectedText();
}

int QueryEditor::textToRunStart() const
{
    const bool empty = SendScintilla(SCI_GETSELECTIONEMPTY) != 0; // as textToRun()
    return empty ? 0 : int(SendScintilla(SCI_GETSELECTIONSTART));
}

QPair<int, int> QueryEditor::markQueryError(
    const QString &ran, int ranStart, int start, int end, const QString &message)
{
    const QByteArray all = text().toUtf8();
    const QByteArray ranBytes = ran.toUtf8();
    if (start < 0 || start > ran.size() || all.mid(ranStart, ranBytes.size()) != ranBytes)
        return {0, 0}; // edited since, or not where it ran
    const int from = ranStart + int(ran.left(start).toUtf8().size());
    const int length = int(ran.mid(start, qMax(0, end - start)).toUtf8().size());
    const int line = int(SendScintilla(SCI_LINEFROMPOSITION, from));
    const QByteArray before
        = text(line).toUtf8().left(from - int(SendScintilla(SCI_POSITIONFROMLINE, line)));
    const int column = int(QString::fromUtf8(before).size());
    markError(from, line + 1, message, qMax(1, length));
    return {line + 1, column + 1};
}

QStringList QueryEditor::parameterNames() const
{
    static const QRegularExpression re(QStringLiteral("@[A-Za-z_][A-Za-z0-9_]*"));
    QStringList names;
    auto it = re.globalMatch(text());
    while (it.hasNext()) {
        const QString name = it.next().captured(0);
        if (!names.contains(name))
            names << name;
    }
    return names;
}

void QueryEditor::markParameters()
{
    const QByteArray bytes = text().toUtf8();
    SendScintilla(SCI_SETINDICATORCURRENT, ParameterIndicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, bytes.size());
    static const QRegularExpression re(QStringLiteral("@[A-Za-z_][A-Za-z0-9_]*"));
    const QString asLatin = QString::fromLatin1(bytes); // byte offsets = Scintilla positions
    auto it = re.globalMatch(asLatin);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        SendScintilla(SCI_INDICATORFILLRANGE, m.capturedStart(), m.capturedLength());
    }
}

void QueryEditor::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if ((enter && (event->modifiers() & Qt::ControlModifier)) || event->key() == Qt::Key_F5) {
        if (isListActive())
            cancelList();
        Q_EMIT runRequested();
        return;
    }
    CodeEditor::keyPressEvent(event);
}

} // namespace Cosmoscope
