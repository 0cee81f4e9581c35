#include "containersettings.h"

#include "manageutil.h"
#include "sourceeditor.h"

#include <cosmosclient.h>

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

static const QString TtlKey = QStringLiteral("defaultTtl");
static const QString IndexingKey = QStringLiteral("indexingPolicy");
static const QString ConflictKey = QStringLiteral("conflictResolutionPolicy");

ContainerSettings::ContainerSettings(CosmosClient *client, const ResourcePath &container,
                                     QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_container(container)
    , m_partitionKey(new QLabel(this))
    , m_uniqueKeys(new QLabel(this))
    , m_ttlOff(new QRadioButton(tr("O&ff"), this))
    , m_ttlNoDefault(new QRadioButton(tr("On, &no default (items set their own \"ttl\")"), this))
    , m_ttlSeconds(new QRadioButton(tr("On, items e&xpire after"), this))
    , m_ttlValue(new QSpinBox(this))
    , m_indexing(new SourceEditor(SourceEditor::Language::Json, this))
    , m_indexingProblem(new QLabel(this))
    , m_conflictMode(new QComboBox(this))
    , m_conflictPath(new QLineEdit(this))
    , m_conflictProcedure(new QLineEdit(this))
    , m_save(new QPushButton(tr("&Save…"), this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_message(new MessageLine(this))
{
    m_partitionKey->setObjectName(QStringLiteral("partitionKey"));
    m_partitionKey->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_partitionKey->setToolTip(tr("Set when the container was created; it cannot change."));
    m_uniqueKeys->setObjectName(QStringLiteral("uniqueKeys"));
    m_uniqueKeys->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_uniqueKeys->setToolTip(tr("Set when the container was created; it cannot change."));
    m_ttlValue->setObjectName(QStringLiteral("ttlSeconds"));
    m_ttlValue->setRange(1, 2147483647);
    const auto ttlSuffix
        = [this](int value) { m_ttlValue->setSuffix(value == 1 ? tr(" second") : tr(" seconds")); };
    ttlSuffix(m_ttlValue->value());
    connect(m_ttlValue, &QSpinBox::valueChanged, this, ttlSuffix);
    m_indexing->setObjectName(QStringLiteral("indexingPolicy"));
    setErrorTextColor(m_indexingProblem);
    m_conflictMode->setObjectName(QStringLiteral("conflictMode"));
    m_conflictMode->addItem(tr("Last writer wins"), QStringLiteral("LastWriterWins"));
    m_conflictMode->addItem(tr("Custom (stored procedure or conflicts feed)"), QStringLiteral("Custom"));
    m_conflictPath->setObjectName(QStringLiteral("conflictPath"));
    m_conflictPath->setPlaceholderText(QStringLiteral("/_ts"));
    m_conflictProcedure->setObjectName(QStringLiteral("conflictProcedure"));
    m_conflictProcedure->setPlaceholderText(tr("empty: conflicts go to the conflicts feed"));
    m_save->setObjectName(QStringLiteral("saveSettings"));

    auto ttlGroup = new QButtonGroup(this);
    // One choice a line: side by side they widened the tab past a 900 px window.
    auto ttl = new QVBoxLayout;
    for (QRadioButton *b : {m_ttlOff, m_ttlNoDefault, m_ttlSeconds}) {
        ttlGroup->addButton(b);
        connect(b, &QRadioButton::toggled, this, &ContainerSettings::updateEnabled);
    }
    ttl->addWidget(m_ttlOff, 0, Qt::AlignLeft); // a click beside the text is not on it
    ttl->addWidget(m_ttlNoDefault, 0, Qt::AlignLeft);
    auto expire = new QHBoxLayout;
    expire->addWidget(m_ttlSeconds);
    expire->addWidget(m_ttlValue);
    expire->addStretch();
    ttl->addLayout(expire);

    auto form = new QFormLayout;
    form->addRow(tr("Partition key:"), m_partitionKey);
    form->addRow(tr("Unique keys:"), m_uniqueKeys);
    form->addRow(tr("Time to live:"), ttl);
    form->addRow(tr("Conflict resolution:"), m_conflictMode);
    form->addRow(tr("Winner by path:"), m_conflictPath);
    form->addRow(tr("Resolution procedure:"), m_conflictProcedure);

    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_reload);
    buttons->addStretch();

    auto layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(describe(container).toHtmlEscaped()), this));
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Indexing policy (JSON):"), this));
    layout->addWidget(m_indexing, 1);
    layout->addWidget(m_indexingProblem);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_indexing, &QsciScintilla::textChanged, this, &ContainerSettings::validateIndexing);
    connect(m_conflictMode, &QComboBox::currentIndexChanged, this, &ContainerSettings::updateEnabled);
    connect(m_save, &QPushButton::clicked, this, &ContainerSettings::save);
    connect(m_reload, &QPushButton::clicked, this, &ContainerSettings::reload);
    m_ttlOff->setChecked(true);
    reload();
}

QString ContainerSettings::title() const
{
    return tr("Settings: %1").arg(m_container.id());
}

void ContainerSettings::reload()
{
    if (!m_client || m_busy)
        return;
    m_busy = true;
    updateEnabled();
    m_message->showBusy(tr("Reading %1…").arg(describe(m_container)));
    m_client->read(m_container, {}, this, [this](const CosmosResponse &r) {
        m_busy = false;
        if (!r.ok()) {
            m_message->showError(r.error, tr("Could not read %1").arg(describe(m_container)));
            updateEnabled();
            return;
        }
        m_message->clear();
        showContainer(r.object());
        Q_EMIT loaded();
    });
}

void ContainerSettings::showContainer(const QJsonObject &c)
{
    m_loaded = c;
    const QJsonObject pk = c.value(QStringLiteral("partitionKey")).toObject();
    QStringList paths;
    for (const QJsonValue &v : pk.value(QStringLiteral("paths")).toArray())
        paths << v.toString();
    // Users know "MultiHash" as a hierarchical partition key.
    const bool hierarchical
        = pk.value(QStringLiteral("kind")).toString() == QLatin1String("MultiHash");
    m_partitionKey->setText(QStringLiteral("%1 (%2)").arg(
        paths.join(QStringLiteral(", ")),
        hierarchical ? tr("hierarchical partition key") : tr("hash")));
    QStringList unique;
    for (const QJsonValue &k : c.value(QStringLiteral("uniqueKeyPolicy")).toObject().value(QStringLiteral("uniqueKeys")).toArray()) {
        QStringList keyPaths;
        for (const QJsonValue &p : k.toObject().value(QStringLiteral("paths")).toArray())
            keyPaths << p.toString();
        unique << QStringLiteral("(%1)").arg(keyPaths.join(QStringLiteral(", ")));
    }
    m_uniqueKeys->setText(unique.isEmpty() ? tr("none") : unique.join(QStringLiteral("; ")));
    const QJsonValue ttl = c.value(TtlKey);
    if (ttl.isUndefined() || ttl.isNull()) {
        m_ttlOff->setChecked(true);
    } else if (ttl.toInt() == -1) {
        m_ttlNoDefault->setChecked(true);
    } else {
        m_ttlSeconds->setChecked(true);
        m_ttlValue->setValue(ttl.toInt());
    }
    m_indexing->setText(prettyJson(c.value(IndexingKey).toObject()));
    const QJsonObject conflict = c.value(ConflictKey).toObject();
    m_conflictMode->setCurrentIndex(
        qMax(0, m_conflictMode->findData(conflict.value(QStringLiteral("mode")).toString())));
    m_conflictPath->setText(conflict.value(QStringLiteral("conflictResolutionPath")).toString());
    m_conflictProcedure->setText(conflict.value(QStringLiteral("conflictResolutionProcedure")).toString());
    updateEnabled();
}

void ContainerSettings::validateIndexing()
{
    QString error;
    editedBody(&error);
    m_indexingProblem->setText(error);
    updateEnabled();
}

QJsonObject ContainerSettings::editedBody(QString *error) const
{
    QJsonObject body = m_loaded;
    QJsonParseError parse;
    const QByteArray text = m_indexing->text().toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        const int line = int(text.left(parse.offset).count('\n')) + 1;
        m_indexing->markError(parse.offset, line, parse.error != QJsonParseError::NoError
                                                      ? parse.errorString()
                                                      : tr("a JSON object is expected"));
        *error = parse.error != QJsonParseError::NoError
                     ? tr("The indexing policy is not valid JSON (line %1: %2).").arg(line).arg(parse.errorString())
                     : tr("The indexing policy must be a JSON object.");
        return {};
    }
    m_indexing->clearErrorMarks();
    error->clear();
    body.insert(IndexingKey, doc.object());
    if (m_ttlOff->isChecked())
        body.remove(TtlKey);
    else
        body.insert(TtlKey, m_ttlNoDefault->isChecked() ? -1 : m_ttlValue->value());
    QJsonObject conflict{{QStringLiteral("mode"), m_conflictMode->currentData().toString()}};
    if (m_conflictMode->currentData().toString() == QLatin1String("LastWriterWins")) {
        conflict.insert(QStringLiteral("conflictResolutionPath"),
                        m_conflictPath->text().trimmed().isEmpty() ? QStringLiteral("/_ts")
                                                                   : m_conflictPath->text().trimmed());
    } else if (!m_conflictProcedure->text().trimmed().isEmpty()) {
        conflict.insert(QStringLiteral("conflictResolutionProcedure"), m_conflictProcedure->text().trimmed());
    }
    const QJsonObject loadedConflict = m_loaded.value(ConflictKey).toObject();
    // Keep the service's policy as is when the form shows the same thing.
    const bool sameConflict = loadedConflict.value(QStringLiteral("mode")) == conflict.value(QStringLiteral("mode"))
        && loadedConflict.value(QStringLiteral("conflictResolutionPath")).toString()
               == conflict.value(QStringLiteral("conflictResolutionPath")).toString()
        && loadedConflict.value(QStringLiteral("conflictResolutionProcedure")).toString()
               == conflict.value(QStringLiteral("conflictResolutionProcedure")).toString();
    if (!(sameConflict || (loadedConflict.isEmpty() && conflict.value(QStringLiteral("mode")) == QLatin1String("LastWriterWins")
                          && conflict.value(QStringLiteral("conflictResolutionPath")) == QLatin1String("/_ts"))))
        body.insert(ConflictKey, conflict);
    return body;
}

static QString ttlText(const QJsonValue &v)
{
    if (v.isUndefined() || v.isNull())
        return QObject::tr("off");
    if (v.toInt() == -1)
        return QObject::tr("on, no default");
    return v.toInt() == 1 ? QObject::tr("1 second") : QObject::tr("%1 seconds").arg(v.toInt());
}

QStringList ContainerSettings::changes() const
{
    QString error;
    const QJsonObject body = editedBody(&error);
    if (!error.isEmpty() || m_loaded.isEmpty())
        return {};
    QStringList out;
    if (body.value(TtlKey) != m_loaded.value(TtlKey))
        out << tr("Time to live: %1 → %2").arg(ttlText(m_loaded.value(TtlKey)), ttlText(body.value(TtlKey)));
    if (body.value(IndexingKey) != m_loaded.value(IndexingKey))
        out << tr("Indexing policy changed (re-indexing runs in the background)");
    if (body.value(ConflictKey) != m_loaded.value(ConflictKey))
        out << tr("Conflict resolution: %1").arg(prettyJson(body.value(ConflictKey)).simplified());
    return out;
}

void ContainerSettings::save()
{
    if (!m_client || m_busy || m_loaded.isEmpty())
        return;
    QString error;
    const QJsonObject body = editedBody(&error);
    if (!error.isEmpty())
        return m_message->showError(error);
    const QStringList changed = changes();
    if (changed.isEmpty())
        return m_message->showInfo(tr("Nothing changed."));
    if (!confirm(this, tr("Save container settings"),
                 tr("Replace the settings of %1?\n\n• %2")
                     .arg(describe(m_container), changed.join(QStringLiteral("\n• ")))))
        return;
    m_busy = true;
    updateEnabled();
    m_message->showBusy(tr("Saving the settings of %1…").arg(describe(m_container)));
    RequestOptions options;
    options.ifMatch = m_loaded.value(QStringLiteral("_etag")).toString();
    m_client->replace(m_container, body, options, this, [this, changed](const CosmosResponse &r) {
        m_busy = false;
        if (!r.ok()) {
            updateEnabled(); // the form keeps what was typed
            m_message->showError(r.error, r.status == 412
                                              ? tr("The container changed meanwhile; reload and try again")
                                              : tr("Could not save the settings"));
            return;
        }
        m_client->forgetContainer(m_container);
        showContainer(r.object());
        m_message->showInfo(tr("Saved: %1 (%2).").arg(changed.join(QStringLiteral("; ")), chargeText(r.requestCharge)));
        Q_EMIT saved(r.object());
    });
}

void ContainerSettings::updateEnabled()
{
    m_ttlValue->setEnabled(m_ttlSeconds->isChecked());
    const bool lww = m_conflictMode->currentData().toString() == QLatin1String("LastWriterWins");
    m_conflictPath->setEnabled(lww);
    m_conflictProcedure->setEnabled(!lww);
    m_save->setEnabled(!m_busy && !m_loaded.isEmpty() && m_indexingProblem->text().isEmpty());
    m_reload->setEnabled(!m_busy);
}

} // namespace Manage
