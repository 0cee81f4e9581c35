#pragma once

#include <schemastats.h>

#include <QAbstractTableModel>

namespace Cosmoscope {

/// The sampled fields as a table: path (indented by depth, partition key marked), presence
/// in % of the sampled documents, the types seen with their shares, and the values seen.
class FieldModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PathColumn, PresenceColumn, TypesColumn, OccurrencesColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, PresenceRole };

    explicit FieldModel(QObject *parent = nullptr);

    /// Shows `stats` (kept by the caller while shown); nullptr empties the table.
    void setStats(const Cosmos::Schema::SchemaStats *stats);
    const Cosmos::Schema::FieldStats *fieldAt(int row) const;
    int rowOf(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// "string 80% · null 20%"
    static QString typesText(const Cosmos::Schema::FieldStats &field);

private:
    const Cosmos::Schema::SchemaStats *m_stats = nullptr;
};

} // namespace Cosmoscope
