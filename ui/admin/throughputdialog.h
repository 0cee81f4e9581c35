#pragma once

#include <resourcepath.h>
#include <throughput.h>

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class MessageLine;

/// Shows and changes the provisioned throughput of a database or a container: mode
/// (manual / autoscale), RU/s and the minimum. A container on shared database throughput
/// says so and offers the database's dialog; serverless accounts and resources without an
/// offer get a plain explanation. Non-modal: open it with show().
class ThroughputDialog : public QDialog
{
    Q_OBJECT
public:
    enum class State { Loading, Ready, Shared, NoOffer, Failed };

    ThroughputDialog(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &resource,
                     QWidget *parent = nullptr);

    State state() const { return m_state; }
    Cosmos::ThroughputInfo current() const { return m_current; }
    QRadioButton *manualButton() const { return m_manual; }
    QRadioButton *autoscaleButton() const { return m_autoscale; }
    QSpinBox *valueBox() const { return m_value; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *openDatabaseButton() const { return m_openDatabase; }
    QLabel *currentLabel() const { return m_currentLabel; }
    QLabel *minimumLabel() const { return m_minimumLabel; }
    QLabel *validationLabel() const { return m_validation; }
    MessageLine *messageLine() const { return m_message; }

    void reload();
    void save();
    /// The wanted settings as entered.
    Cosmos::ThroughputSettings settings() const;
    /// An estimate of a month at list prices, in US dollars (see the .cpp for the prices).
    static double monthlyCostEstimate(bool autoscale, int ruPerSecond);
    /// "Manual 400 RU/s → autoscale up to 4,000 RU/s" and the estimated monthly costs.
    QString changeSummary(const Cosmos::ThroughputSettings &wanted) const;

Q_SIGNALS:
    void loaded(Manage::ThroughputDialog::State state);
    void saved(const Cosmos::ThroughputInfo &info);
    /// The "Open database throughput" button opened this dialog for the database.
    void databaseDialogOpened(Manage::ThroughputDialog *dialog);

private:
    void setState(State state);
    void showCurrent(const Cosmos::ThroughputInfo &info);
    void onModeChanged();
    void validate();
    void openDatabase();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_resource;
    Cosmos::ThroughputInfo m_current;
    State m_state = State::Loading;
    bool m_busy = false;
    bool m_fitted = false; ///< sized to its rows after the first load
    QLabel *m_currentLabel;
    QLabel *m_minimumLabel;
    QLabel *m_minimumTitle = nullptr;
    QLabel *m_modeLabel = nullptr;
    QRadioButton *m_manual;
    QRadioButton *m_autoscale;
    QLabel *m_valueLabel;
    QSpinBox *m_value;
    QLabel *m_validation;
    QLabel *m_charge;
    QPushButton *m_openDatabase;
    QPushButton *m_save;
    QPushButton *m_reload;
    MessageLine *m_message;
};

} // namespace Manage
