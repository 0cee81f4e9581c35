#pragma once

#include <Qsci/qsciscintilla.h>

namespace Manage {

/// A small adapter over QsciScintilla for the management screens: JavaScript, JSON or SQL,
/// monospace, line numbers and an error marker. Switch to the shared CodeEditor of
/// cosmoscope_ui once it exists; callers only use this interface.
class SourceEditor : public QsciScintilla
{
    Q_OBJECT
public:
    enum class Language { JavaScript, Json, Sql };

    explicit SourceEditor(Language language, QWidget *parent = nullptr);

    /// Marks a 1-based line as wrong (red background and margin symbol); 0 clears.
    void markErrorLine(int line);
    void clearErrorMarks();
    bool hasErrorMark() const { return m_errorLine > 0; }

private:
    int m_errorLine = 0;
};

} // namespace Manage
