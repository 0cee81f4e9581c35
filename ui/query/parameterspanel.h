#pragma once

#include <cosmoserror.h>

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QTableWidget;
QT_END_NAMESPACE

namespace Cosmoscope {

/// Query parameters: rows of `@name` = JSON value, validated before a run.
class ParametersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ParametersPanel(QWidget *parent = nullptr);

    /// Sets (or adds) a parameter row; `valueText` is JSON ("books", 12, [1,2]).
    void setParameter(const QString &name, const QString &valueText);
    /// Adds empty rows for names used in the query and not listed yet.
    void addMissing(const QStringList &names);
    void clear();
    int count() const;

    /// The parameters, or an error naming the bad row (which is selected and marked).
    QList<QPair<QString, QJsonValue>> parameters(Cosmos::CosmosError *error) const;
    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace Cosmoscope
