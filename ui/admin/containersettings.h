#pragma once

#include <resourcepath.h>

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class MessageLine;
class SourceEditor;

/// A container's settings tab: partition key and unique keys (fixed at creation, read-only),
/// default time-to-live, indexing policy (JSON, checked as typed) and conflict resolution.
/// Saving lists what changed and asks before replacing the container.
class ContainerSettings : public QWidget
{
    Q_OBJECT
public:
    ContainerSettings(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                      QWidget *parent = nullptr);

    QRadioButton *ttlOffButton() const { return m_ttlOff; }
    QRadioButton *ttlNoDefaultButton() const { return m_ttlNoDefault; }
    QRadioButton *ttlSecondsButton() const { return m_ttlSeconds; }
    QSpinBox *ttlSecondsBox() const { return m_ttlValue; }
    SourceEditor *indexingEditor() const { return m_indexing; }
    QComboBox *conflictModeBox() const { return m_conflictMode; }
    QLineEdit *conflictPathEdit() const { return m_conflictPath; }
    QLineEdit *conflictProcedureEdit() const { return m_conflictProcedure; }
    QLabel *partitionKeyLabel() const { return m_partitionKey; }
    QPushButton *saveButton() const { return m_save; }
    MessageLine *messageLine() const { return m_message; }
    QJsonObject properties() const { return m_loaded; }
    QString title() const;
    bool isLoaded() const { return !m_loaded.isEmpty(); }

    void reload();
    void save();
    /// The container body the form describes; an error when the indexing policy is not JSON.
    QJsonObject editedBody(QString *error) const;
    /// One line per changed field, comparing the form with the loaded container.
    QStringList changes() const;

Q_SIGNALS:
    void loaded();
    void saved(const QJsonObject &container);

private:
    void showContainer(const QJsonObject &container);
    void validateIndexing();
    void updateEnabled();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_container;
    QJsonObject m_loaded;
    bool m_busy = false;
    QLabel *m_partitionKey;
    QLabel *m_uniqueKeys;
    QRadioButton *m_ttlOff;
    QRadioButton *m_ttlNoDefault;
    QRadioButton *m_ttlSeconds;
    QSpinBox *m_ttlValue;
    SourceEditor *m_indexing;
    QLabel *m_indexingProblem;
    QComboBox *m_conflictMode;
    QLineEdit *m_conflictPath;
    QLineEdit *m_conflictProcedure;
    QPushButton *m_save;
    QPushButton *m_reload;
    MessageLine *m_message;
};

} // namespace Manage
