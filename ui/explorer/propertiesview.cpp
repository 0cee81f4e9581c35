#include "propertiesview.h"

#include "manageutil.h"
#include "sourceeditor.h"

#include <cosmosclient.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

static QString locations(const QJsonArray &list)
{
    QStringList names;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        names << QStringLiteral("%1 (%2)").arg(o.value(QStringLiteral("name")).toString(),
                                               o.value(QStringLiteral("databaseAccountEndpoint")).toString());
    }
    return names.isEmpty() ? QObject::tr("(none reported)") : names.join(QStringLiteral(", "));
}

static QString text(const QJsonValue &v)
{
    if (v.isUndefined() || v.isNull())
        return QObject::tr("(not set)");
    return v.isString() ? v.toString() : prettyJson(v).simplified();
}

QList<QPair<QString, QString>> PropertiesView::keyFields(ResourceKind kind, const QJsonObject &p)
{
    QList<QPair<QString, QString>> f;
    const auto add = [&f](const QString &label, const QString &value) { f.append({label, value}); };
    if (kind == ResourceKind::Account) {
        add(tr("Account"), text(p.value(QStringLiteral("id"))));
        add(tr("Write regions"), locations(p.value(QStringLiteral("writableLocations")).toArray()));
        add(tr("Read regions"), locations(p.value(QStringLiteral("readableLocations")).toArray()));
        add(tr("Default consistency"),
            text(p.value(QStringLiteral("userConsistencyPolicy")).toObject().value(
                QStringLiteral("defaultConsistencyLevel"))));
        add(tr("Multi-region writes"),
            p.value(QStringLiteral("enableMultipleWriteLocations")).toBool() ? tr("yes") : tr("no"));
        return f;
    }
    add(tr("Id"), text(p.value(QStringLiteral("id"))));
    if (kind == ResourceKind::Container) {
        const QJsonObject pk = p.value(QStringLiteral("partitionKey")).toObject();
        QStringList paths;
        for (const QJsonValue &v : pk.value(QStringLiteral("paths")).toArray())
            paths << v.toString();
        // Users know "MultiHash" as a hierarchical partition key.
        const QString pkKind = pk.value(QStringLiteral("kind")).toString(QStringLiteral("Hash"));
        add(tr("Partition key"),
            tr("%1 (%2, version %3)")
                .arg(paths.join(QStringLiteral(", ")),
                     pkKind == QLatin1String("MultiHash") ? tr("hierarchical partition key")
                                                          : tr("hash"))
                .arg(pk.value(QStringLiteral("version")).toInt(1)));
        const QJsonValue ttl = p.value(QStringLiteral("defaultTtl"));
        add(tr("Default TTL"),
            ttl.isUndefined()   ? tr("off")
            : ttl.toInt() == -1 ? tr("on, no default (-1)")
            : ttl.toInt() == 1  ? tr("1 second")
                                : tr("%1 seconds").arg(ttl.toInt()));
        add(tr("Indexing mode"),
            text(p.value(QStringLiteral("indexingPolicy")).toObject().value(QStringLiteral("indexingMode"))));
        add(tr("Unique keys"),
            text(p.value(QStringLiteral("uniqueKeyPolicy")).toObject().value(QStringLiteral("uniqueKeys"))));
        add(tr("Conflict resolution"),
            text(p.value(QStringLiteral("conflictResolutionPolicy")).toObject().value(QStringLiteral("mode"))));
    }
    add(tr("Resource id (_rid)"), text(p.value(QStringLiteral("_rid"))));
    add(tr("Last modified"), timestampText(p));
    add(tr("ETag"), text(p.value(QStringLiteral("_etag"))));
    return f;
}

PropertiesView::PropertiesView(CosmosClient *client, const ResourcePath &resource, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_resource(resource)
    , m_form(new QFormLayout)
    , m_charge(new QLabel(this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_message(new MessageLine(this))
{
    m_json->setObjectName(QStringLiteral("propertiesJson"));
    m_json->setReadOnly(true);
    auto reloadButton = new QPushButton(tr("&Reload"), this);
    connect(reloadButton, &QPushButton::clicked, this, &PropertiesView::reload);
    auto bottom = new QHBoxLayout;
    bottom->addWidget(m_charge, 1);
    bottom->addWidget(reloadButton);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(heading().toHtmlEscaped()), this));
    layout->addLayout(m_form);
    layout->addWidget(m_json, 1);
    layout->addWidget(m_message);
    layout->addLayout(bottom);
    reload();
}

// The account by its host (a heading of "the account" says nothing when several are open).
QString PropertiesView::accountName() const
{
    const QUrl endpoint = m_client ? m_client->connection().endpoint : QUrl();
    return endpoint.port() > 0 ? endpoint.host() + QLatin1Char(':') + QString::number(endpoint.port())
                               : endpoint.host();
}

QString PropertiesView::heading() const
{
    return m_resource.isAccount() ? tr("Account %1").arg(accountName()) : describe(m_resource);
}

QString PropertiesView::title() const
{
    return tr("Properties: %1").arg(m_resource.isAccount() ? accountName() : m_resource.id());
}

QString PropertiesView::field(const QString &label) const
{
    for (const auto &f : m_fields) {
        if (f.first == label)
            return f.second;
    }
    return {};
}

void PropertiesView::reload()
{
    if (!m_client)
        return;
    m_message->showBusy(tr("Reading %1…").arg(describe(m_resource)));
    const auto done = [this](const CosmosResponse &r) {
        if (!r.ok()) {
            m_message->showError(r.error, tr("Could not read %1").arg(describe(m_resource)));
            Q_EMIT loaded(false);
            return;
        }
        m_message->clear();
        showProperties(r.object(), r.requestCharge);
        Q_EMIT loaded(true);
    };
    if (m_resource.isAccount())
        m_client->readAccount(this, done);
    else
        m_client->read(m_resource, {}, this, done);
}

void PropertiesView::showProperties(const QJsonObject &properties, double charge)
{
    m_properties = properties;
    m_fields = keyFields(m_resource.kind(), properties);
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    for (const auto &f : m_fields) {
        auto value = new QLabel(f.second, this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_form->addRow(f.first + QLatin1Char(':'), value);
    }
    m_json->setText(prettyJson(properties));
    m_charge->setText(tr("Request charge: %1").arg(chargeText(charge)));
}

} // namespace Manage
