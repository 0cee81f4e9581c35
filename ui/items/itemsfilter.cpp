#include "itemsfilter.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace Cosmoscope::ItemsFilter {

static QString tr(const char *text)
{
    return QCoreApplication::translate("ItemsFilter", text);
}

QString checkWhere(const QString &where)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = 0; i < where.size(); ++i) {
        const QChar c = where.at(i);
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i; // an escaped character inside a string
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char(';')) {
            return tr("The filter may not contain ';' (one query only).");
        } else if (c == QLatin1Char('-') && i + 1 < where.size()
                   && where.at(i + 1) == QLatin1Char('-')) {
            return tr("The filter may not contain a comment ('--').");
        } else if (c == QLatin1Char('/') && i + 1 < where.size()
                   && where.at(i + 1) == QLatin1Char('*')) {
            return tr("The filter may not contain a comment ('/*').");
        } else if (c == QLatin1Char('(')) {
            ++depth;
        } else if (c == QLatin1Char(')')) {
            if (--depth < 0)
                return tr("The filter closes a parenthesis it did not open (column %1).")
                    .arg(i + 1);
        }
    }
    if (!quote.isNull())
        return tr("The filter has an unterminated string.");
    if (depth > 0)
        return tr("The filter leaves a parenthesis open.");
    return {};
}

QString normalizeOrderBy(const QString &orderBy, QString *error)
{
    // A property path: c.name, c.a.b, c["odd key"], or a bare name taken as c.name.
    static const QRegularExpression term(QStringLiteral(
        R"(^\s*((?:[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\["[^"\\]*"\]|\['[^'\\]*'\])*))"
        R"((?:\s+(ASC|DESC))?\s*$)"),
                                            QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    const QStringList parts = orderBy.split(QLatin1Char(','));
    for (const QString &part : parts) {
        const QRegularExpressionMatch m = term.match(part);
        if (!m.hasMatch()) {
            *error = tr("ORDER BY takes property paths such as c.name or c.price DESC, "
                        "separated by commas; \"%1\" is not one.")
                         .arg(part.trimmed());
            return {};
        }
        QString path = m.captured(1);
        const int dot = path.indexOf(QRegularExpression(QStringLiteral(R"([.\[])")));
        const QString root = dot < 0 ? path : path.left(dot);
        if (root != QLatin1String("c"))
            path = QStringLiteral("c.") + path;
        if (!m.captured(2).isEmpty())
            path += QLatin1Char(' ') + m.captured(2).toUpper();
        out << path;
    }
    return out.join(QStringLiteral(", "));
}

QString buildQuery(const QString &where, const QString &orderBy, QString *error)
{
    QString sql = QStringLiteral("SELECT * FROM c");
    const QString w = where.trimmed();
    if (!w.isEmpty()) {
        const QString problem = checkWhere(w);
        if (!problem.isEmpty()) {
            *error = problem;
            return {};
        }
        sql += QStringLiteral(" WHERE (%1)").arg(w);
    }
    const QString o = orderBy.trimmed();
    if (!o.isEmpty()) {
        const QString order = normalizeOrderBy(o, error);
        if (order.isEmpty())
            return {};
        sql += QStringLiteral(" ORDER BY ") + order;
    }
    error->clear();
    return sql;
}

} // namespace Cosmoscope::ItemsFilter
