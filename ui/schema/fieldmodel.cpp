// FieldModel: the schema view's table of sampled field paths.
#include "fieldmodel.h"

#include <QFont>

namespace Cosmoscope {

using namespace Cosmos::Schema;

FieldModel::FieldModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FieldModel::setStats(const SchemaStats *stats)
{
    beginResetModel();
    m_stats = stats;
    endResetModel();
}

const FieldStats *FieldModel::fieldAt(int row) const
{
    if (!m_stats || row < 0 || row >= m_stats->fields().size())
        return nullptr;
    return &m_stats->fields().at(row);
}

int FieldModel::rowOf(const QString &path) const
{
    for (int i = 0; i < rowCount(); ++i) {
        if (fieldAt(i)->path == path)
            return i;
    }
    return -1;
}

int FieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_stats ? 0 : int(m_stats->fields().size());
}

int FieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FieldModel::typesText(const FieldStats &field)
{
    QStringList parts;
    for (JsonType t : field.typesSeen())
        parts << QStringLiteral("%1 %2%").arg(typeName(t)).arg(field.share(t) * 100, 0, 'f', 0);
    return parts.join(QStringLiteral(" · "));
}

QVariant FieldModel::data(const QModelIndex &index, int role) const
{
    const FieldStats *f = index.isValid() ? fieldAt(index.row()) : nullptr;
    if (!f)
        return {};
    const double presence
        = m_stats->documentCount() ? 100.0 * f->documents / m_stats->documentCount() : 0;
    if (role == PathRole)
        return f->path;
    if (role == PresenceRole)
        return presence;
    if (role == Qt::FontRole && f->partitionKey && index.column() == PathColumn) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && f->partitionKey) {
        return tr("Partition key path %1 (level %2)").arg(f->path).arg(f->partitionKeyLevel + 1);
    }
    if (role == Qt::TextAlignmentRole && index.column() != PathColumn
        && index.column() != TypesColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case PathColumn: {
        const QString name = f->segments.last() == QLatin1String("[]")
                                 ? f->segments.value(f->segments.size() - 2) + QStringLiteral("[]")
                                 : f->segments.last();
        return QString(f->depth * 3, QLatin1Char(' ')) + name
               + (f->partitionKey ? tr("  (partition key)") : QString());
    }
    case PresenceColumn:
        return QStringLiteral("%1%").arg(
            presence, 0, 'f', presence < 100 && presence > 99.9 ? 2 : 1);
    case TypesColumn:
        return typesText(*f);
    case OccurrencesColumn:
        return f->occurrences;
    }
    return {};
}

QVariant FieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PathColumn:
        return tr("Field");
    case PresenceColumn:
        return tr("Present in");
    case TypesColumn:
        return tr("Types");
    case OccurrencesColumn:
        return tr("Values");
    }
    return {};
}

} // namespace Cosmoscope
