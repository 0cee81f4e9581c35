#pragma once

#include <cosmoserror.h>
#include <partitionkey.h>

#include <QDialog>

QT_BEGIN_NAMESPACE
class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

namespace Cosmoscope {

/// Throughput choice shared by the create dialogs: none (shared/serverless), manual, autoscale.
class ThroughputBox : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { None, Manual, Autoscale };
    explicit ThroughputBox(QWidget *parent = nullptr);
    Mode mode() const;
    void setMode(Mode mode);
    int value() const;
    void setValue(int value);
    Cosmos::CosmosError validate() const;

private:
    QButtonGroup *m_group;
    QSpinBox *m_value;
};

class CreateDatabaseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CreateDatabaseDialog(QWidget *parent = nullptr);
    QString databaseId() const;
    ThroughputBox *throughput() const { return m_throughput; }
    QLineEdit *idEdit() const { return m_id; }
    /// "Only if it does not exist": keep an existing one instead of failing with 409.
    QCheckBox *ifNotExistsBox() const { return m_ifNotExists; }
    void accept() override;

private:
    QLineEdit *m_id;
    ThroughputBox *m_throughput;
    QCheckBox *m_ifNotExists;
    QLabel *m_error;
};

class CreateContainerDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CreateContainerDialog(QWidget *parent = nullptr);
    QString containerId() const;
    Cosmos::PartitionKeyDefinition partitionKey() const;
    /// -2: TTL off; -1: on, no default; > 0 seconds.
    int defaultTtl() const;
    ThroughputBox *throughput() const { return m_throughput; }
    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *pathEdit(int i) const { return m_paths[i]; }
    /// "Only if it does not exist": keep an existing one instead of failing with 409.
    QCheckBox *ifNotExistsBox() const { return m_ifNotExists; }
    void accept() override;

private:
    QLineEdit *m_id;
    QLineEdit *m_paths[3];
    QButtonGroup *m_ttl;
    QSpinBox *m_ttlSeconds;
    ThroughputBox *m_throughput;
    QCheckBox *m_ifNotExists;
    QLabel *m_error;
};

/// Deleting needs the resource's name typed: the Delete button stays disabled until then.
class ConfirmDeleteDialog : public QDialog
{
    Q_OBJECT
public:
    ConfirmDeleteDialog(const QString &kind, const QString &name, QWidget *parent = nullptr);
    QLineEdit *nameEdit() const { return m_edit; }
    QPushButton *deleteButton() const { return m_delete; }

private:
    QLineEdit *m_edit;
    QPushButton *m_delete;
};

} // namespace Cosmoscope
