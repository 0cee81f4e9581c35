#pragma once

#include <QString>

namespace Cosmoscope::ItemsFilter {

/// The query an items filter runs: `SELECT * FROM c WHERE (where) ORDER BY orderBy`, either
/// part optional. Returns an empty string and sets `error` when a part could escape its place:
/// a `;`, a comment, an unterminated string or a parenthesis closing more than it opened in
/// the WHERE clause; an ORDER BY that is not a list of property paths with ASC/DESC. Bare
/// names in ORDER BY are taken as properties of `c`.
QString buildQuery(const QString &where, const QString &orderBy, QString *error);

/// Checks a WHERE clause alone (see buildQuery); empty when it is acceptable.
QString checkWhere(const QString &where);
/// The ORDER BY list with `c.` added to bare names; empty and `error` set when not acceptable.
QString normalizeOrderBy(const QString &orderBy, QString *error);

} // namespace Cosmoscope::ItemsFilter
