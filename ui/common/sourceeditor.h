#pragma once

#include <codeeditor.h>

namespace Manage {

/// The shared CodeEditor (find bar, error marking) with the lexer a management screen needs:
/// JavaScript for scripts, JSON, or SQL.
class SourceEditor : public Cosmoscope::CodeEditor
{
    Q_OBJECT
public:
    enum class Language { JavaScript, Json, Sql };

    explicit SourceEditor(Language language, QWidget *parent = nullptr);

    /// Marks a 1-based line as wrong (margin marker, squiggle, note); 0 clears.
    void markErrorLine(int line, const QString &message = QString());
    void clearErrorMarks() { clearErrors(); }
    bool hasErrorMark() const { return hasErrors(); }
};

} // namespace Manage
