#pragma once

#include "codeeditor.h"

class QsciAPIs;

namespace Cosmoscope {

class CosmosSqlLexer;

/// The Cosmos SQL editor: highlighting, `@parameter` marking, completion of keywords,
/// functions and property paths (QsciAPIs), and Ctrl+Enter / F5 to run.
class QueryEditor : public CodeEditor
{
    Q_OBJECT
public:
    explicit QueryEditor(QWidget *parent = nullptr);
    ~QueryEditor() override;

    /// True while QsciAPIs prepares the completion words on its worker thread.
    bool isPreparingCompletion() const { return m_preparing; }

    /// The selection when there is one, else the whole text.
    QString textToRun() const;
    /// The byte position in the document where textToRun() starts.
    int textToRunStart() const;
    /// Underlines characters [start, end) of `ran`, a query run from byte `ranStart` of the
    /// text, and notes `message` under its line. Returns the 1-based line and column, or
    /// (0, 0) when the text changed since or the range is outside it.
    QPair<int, int>
    markQueryError(const QString &ran, int ranStart, int start, int end, const QString &message);
    /// Adds "c.name", "c.stock.count" … sampled from loaded items to the completion list.
    void addPropertyPaths(const QStringList &paths);
    QStringList completionWords() const { return m_words; }
    /// The `@names` used in the text, in order of appearance.
    QStringList parameterNames() const;

Q_SIGNALS:
    void runRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void markParameters();
    void rebuildApis();

    CosmosSqlLexer *m_lexer;
    QsciAPIs *m_apis;
    QStringList m_words;
    QStringList m_paths;
    bool m_preparing = false; ///< QsciAPIs prepares on a worker thread
    bool m_apisDirty = false;
};

} // namespace Cosmoscope
