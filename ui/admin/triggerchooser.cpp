#include "triggerchooser.h"

#include "manageutil.h"

#include <cosmosclient.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>

using namespace Cosmos;

namespace Manage {

TriggerChooser::TriggerChooser(CosmosClient *client, const ResourcePath &container, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_container(container)
    , m_pre(new QComboBox(this))
    , m_post(new QComboBox(this))
{
    m_pre->setObjectName(QStringLiteral("preTrigger"));
    m_post->setObjectName(QStringLiteral("postTrigger"));
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Pre-trigger:"), this));
    layout->addWidget(m_pre);
    layout->addWidget(new QLabel(tr("Post-trigger:"), this));
    layout->addWidget(m_post);
    reload();
}

void TriggerChooser::reload()
{
    const QString pre = preTrigger();
    const QString post = postTrigger();
    for (QComboBox *box : {m_pre, m_post}) {
        box->clear();
        box->addItem(tr("(none)"), QString());
        box->setEnabled(false);
    }
    if (!m_client)
        return;
    fetchAll(m_client, m_container.feed(ResourceKind::Trigger), this,
             [this, pre, post](const QJsonArray &triggers, const CosmosError &e, double) {
        for (const QJsonValue &v : triggers) {
            const QJsonObject t = v.toObject();
            const QString id = t.value(QStringLiteral("id")).toString();
            const QString op = t.value(QStringLiteral("triggerOperation")).toString();
            const QString label = op.isEmpty() ? id : tr("%1 (%2)").arg(id, op);
            if (t.value(QStringLiteral("triggerType")).toString() == QLatin1String("Post"))
                m_post->addItem(label, id);
            else
                m_pre->addItem(label, id);
        }
        m_pre->setEnabled(true);
        m_post->setEnabled(true);
        if (e.isError())
            setToolTip(tr("Could not list triggers: %1").arg(errorText(e)));
        setPreTrigger(pre);
        setPostTrigger(post);
        m_loaded = true;
        Q_EMIT loaded();
    });
}

QString TriggerChooser::preTrigger() const
{
    return m_pre->currentData().toString();
}

QString TriggerChooser::postTrigger() const
{
    return m_post->currentData().toString();
}

void TriggerChooser::setPreTrigger(const QString &id)
{
    m_pre->setCurrentIndex(qMax(0, m_pre->findData(id)));
}

void TriggerChooser::setPostTrigger(const QString &id)
{
    m_post->setCurrentIndex(qMax(0, m_post->findData(id)));
}

void TriggerChooser::apply(RequestOptions *options) const
{
    options->preTrigger = preTrigger();
    options->postTrigger = postTrigger();
}

} // namespace Manage
