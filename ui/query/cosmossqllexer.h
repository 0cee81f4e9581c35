#pragma once

#include <Qsci/qscilexersql.h>

#include <QStringList>

namespace Cosmoscope {

/// Cosmos DB SQL: QsciLexerSQL with Cosmos keywords (set 1) and built-in functions (set 5),
/// read from the resources (`:/cosmos-sql-keywords.txt`, `:/cosmos-sql-functions.txt`).
/// `@parameters` are marked by QueryEditor with an indicator (the SQL lexer has no style
/// for them).
class CosmosSqlLexer : public QsciLexerSQL
{
    Q_OBJECT
public:
    explicit CosmosSqlLexer(QObject *parent = nullptr);

    const char *language() const override;
    const char *keywords(int set) const override;

    /// Lower-case keywords.
    static const QStringList &keywordList();
    /// Signatures such as "ARRAY_CONTAINS(arrExpr, expr, bool_partial)".
    static const QStringList &functionSignatures();
    static QStringList functionNames();

private:
    QByteArray m_keywords;
    QByteArray m_functions;
};

} // namespace Cosmoscope
