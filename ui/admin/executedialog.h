#pragma once

#include <cosmosclient.h>
#include <resourcepath.h>

#include <QDialog>
#include <QJsonArray>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE


namespace Manage {

class MessageLine;
class SourceEditor;

/// Runs a stored procedure: partition key (JSON value), parameters (a JSON array, checked as
/// typed), script logging. Shows the result, the script log and the request charge.
/// Non-modal: open it with show().
class ExecuteStoredProcedureDialog : public QDialog
{
    Q_OBJECT
public:
    ExecuteStoredProcedureDialog(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &sproc,
                                 QWidget *parent = nullptr);

    QLineEdit *partitionKeyEdit() const { return m_partitionKey; }
    SourceEditor *parametersEditor() const { return m_parameters; }
    QCheckBox *loggingBox() const { return m_logging; }
    QPushButton *executeButton() const { return m_execute; }
    SourceEditor *resultView() const { return m_result; }
    QPlainTextEdit *logView() const { return m_log; }
    QLabel *chargeLabel() const { return m_charge; }
    MessageLine *messageLine() const { return m_message; }

    /// True when the parameters parse as a JSON array (empty text counts as []).
    bool parametersValid() const { return m_parametersValid; }
    void execute();

Q_SIGNALS:
    void executed(const QByteArray &result, const QString &log, double charge);

private:
    void validateParameters();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_sproc;
    QPointer<Cosmos::PendingRequest> m_pending;
    QJsonArray m_parsed;
    bool m_parametersValid = true;
    QLineEdit *m_partitionKey;
    SourceEditor *m_parameters;
    QLabel *m_parametersProblem;
    QCheckBox *m_logging;
    QPushButton *m_execute;
    SourceEditor *m_result;
    QPlainTextEdit *m_log;
    QLabel *m_charge;
    MessageLine *m_message;
};

} // namespace Manage
