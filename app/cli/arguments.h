#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Cli {

/// The command line, split into positional words and --options. Every option known to any
/// command is accepted anywhere; commands check what they need.
class Arguments
{
public:
    /// Parses argv (without the program name). False with error() on an unknown option or a
    /// missing value.
    bool parse(const QStringList &args);
    QString error() const { return m_error; }

    const QStringList &positionals() const { return m_positionals; }
    QString positional(int index) const { return m_positionals.value(index); }
    int count() const { return m_positionals.size(); }

    bool isSet(const QString &name) const { return m_values.contains(name); }
    /// The last value given for an option, or `fallback`.
    QString value(const QString &name, const QString &fallback = QString()) const;
    /// Every value of a repeatable option, in order.
    QStringList values(const QString &name) const { return m_values.value(name); }
    /// An integer option; false with error() when not a number in [min, max].
    bool intValue(const QString &name, int min, int max, int *result);

private:
    QStringList m_positionals;
    QHash<QString, QStringList> m_values;
    QString m_error;
};

/// The --help text.
QString usageText();

} // namespace Cli
