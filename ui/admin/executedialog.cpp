#include "executedialog.h"

#include "manageutil.h"
#include "sourceeditor.h"

#include <cosmosclient.h>
#include <partitionkey.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

ExecuteStoredProcedureDialog::ExecuteStoredProcedureDialog(CosmosClient *client,
                                                           const ResourcePath &sproc,
                                                           QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_sproc(sproc)
    , m_partitionKey(new QLineEdit(this))
    , m_parameters(new SourceEditor(SourceEditor::Language::Json, this))
    , m_parametersProblem(new QLabel(this))
    , m_logging(new QCheckBox(tr("Enable script &logging (console.log)"), this))
    , m_execute(new QPushButton(tr("E&xecute"), this))
    , m_result(new SourceEditor(SourceEditor::Language::Json, this))
    , m_log(new QPlainTextEdit(this))
    , m_charge(new QLabel(this))
    , m_message(new MessageLine(this))
{
    setWindowTitle(tr("Execute %1").arg(describe(sproc)));
    setAttribute(Qt::WA_DeleteOnClose);
    m_partitionKey->setObjectName(QStringLiteral("partitionKey"));
    m_partitionKey->setPlaceholderText(tr("JSON value, e.g. \"books\" or 42 or [\"a\", 1]"));
    m_parameters->setObjectName(QStringLiteral("parameters"));
    m_parameters->setText(QStringLiteral("[]"));
    m_parameters->setMinimumHeight(60);
    m_parameters->setMaximumHeight(120);
    m_parametersProblem->setObjectName(QStringLiteral("parametersProblem"));
    setErrorTextColor(m_parametersProblem);
    m_logging->setObjectName(QStringLiteral("scriptLogging"));
    m_logging->setChecked(true);
    m_execute->setObjectName(QStringLiteral("execute"));
    m_execute->setDefault(true);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setReadOnly(true);
    m_log->setObjectName(QStringLiteral("scriptLog"));
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(tr("Script log (console.log output) appears here."));
    m_charge->setObjectName(QStringLiteral("requestCharge"));

    auto form = new QFormLayout;
    form->addRow(tr("Partition &key:"), m_partitionKey);
    form->addRow(tr("&Parameters (JSON array):"), m_parameters);
    form->addRow(QString(), m_parametersProblem);
    form->addRow(QString(), m_logging);

    auto output = new QSplitter(Qt::Vertical, this);
    output->addWidget(m_result);
    output->addWidget(m_log);
    output->setStretchFactor(0, 3);
    output->setStretchFactor(1, 1);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_execute, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Result:"), this));
    layout->addWidget(output, 1);
    layout->addWidget(m_charge);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(640, 560);

    connect(m_parameters, &QsciScintilla::textChanged, this,
            &ExecuteStoredProcedureDialog::validateParameters);
    connect(m_execute, &QPushButton::clicked, this, &ExecuteStoredProcedureDialog::execute);

    if (m_client) {
        m_client->containerProperties(sproc.parent().parent(), this,
                                      [this](const QJsonObject &props, const CosmosError &e) {
            if (e.isError())
                return;
            const auto def = PartitionKeyDefinition::fromJson(
                props.value(QStringLiteral("partitionKey")).toObject());
            if (!def.paths.isEmpty())
                m_partitionKey->setPlaceholderText(
                    tr("value of %1 as JSON, e.g. \"books\"").arg(def.paths.join(QLatin1String(", "))));
        });
    }
}

void ExecuteStoredProcedureDialog::validateParameters()
{
    const QByteArray text = m_parameters->text().toUtf8().trimmed();
    m_parameters->clearErrorMarks();
    m_parametersProblem->clear();
    m_parametersValid = true;
    m_parsed = {};
    if (text.isEmpty())
        return m_execute->setEnabled(true);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = m_parameters->text().toUtf8().left(error.offset);
        const int line = int(before.count('\n')) + 1;
        m_parameters->markError(error.offset, line, error.errorString());
        m_parametersProblem->setText(
            tr("Not valid JSON at line %1: %2").arg(line).arg(error.errorString()));
        m_parametersValid = false;
    } else if (!doc.isArray()) {
        m_parameters->markErrorLine(1);
        m_parametersProblem->setText(tr("The parameters must be a JSON array, e.g. [\"a\", 1]."));
        m_parametersValid = false;
    } else {
        m_parsed = doc.array();
    }
    m_execute->setEnabled(m_parametersValid && !m_pending);
}

void ExecuteStoredProcedureDialog::execute()
{
    if (m_pending || !m_client)
        return;
    validateParameters();
    if (!m_parametersValid) {
        m_message->showError(m_parametersProblem->text());
        return;
    }
    RequestOptions options;
    const QString pkText = m_partitionKey->text().trimmed();
    if (!pkText.isEmpty()) {
        CosmosError e;
        options.partitionKey = PartitionKey::fromJsonText(pkText, &e);
        if (e.isError()) {
            m_message->showError(e, tr("Partition key"));
            m_partitionKey->setFocus();
            return;
        }
    }
    options.enableScriptLogging = m_logging->isChecked();
    m_message->showBusy(tr("Executing %1…").arg(describe(m_sproc)));
    m_execute->setEnabled(false);
    m_pending = m_client->executeStoredProcedure(m_sproc, m_parsed, options, this,
                                                 [this](const CosmosResponse &r) {
        m_pending = nullptr;
        m_execute->setEnabled(m_parametersValid);
        const QString log = QUrl::fromPercentEncoding(
            r.header("x-ms-documentdb-script-log-results"));
        m_log->setPlainText(log);
        m_charge->setText(tr("Request charge: %1").arg(chargeText(r.requestCharge)));
        if (!r.ok()) {
            m_result->setText(QString());
            m_message->showError(r.error, tr("The stored procedure failed"));
            return;
        }
        // The result may be any JSON value, including a scalar.
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + r.body + "]");
        m_result->setText(r.body.trimmed().isEmpty()
                              ? tr("(no result)")
                              : wrapped.isArray() ? prettyJson(wrapped.array().first())
                                                  : QString::fromUtf8(r.body));
        m_message->showInfo(tr("Executed in %1 ms.").arg(r.elapsedMs));
        Q_EMIT executed(r.body, log, r.requestCharge);
    });
}

} // namespace Manage
