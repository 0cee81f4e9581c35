#pragma once

#include <resourcepath.h>

#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
struct RequestOptions;
}

namespace Manage {

/// Two combo boxes with a container's pre- and post-trigger ids, for the item editor to put
/// next to its Save button:
///     auto chooser = new Manage::TriggerChooser(client, containerPath, this);
///     …  chooser->apply(&options);  // before writeItem()
class TriggerChooser : public QWidget
{
    Q_OBJECT
public:
    TriggerChooser(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                   QWidget *parent = nullptr);

    /// Lists the container's triggers again (done once on construction).
    void reload();
    bool isLoaded() const { return m_loaded; }

    QString preTrigger() const;  ///< empty: none
    QString postTrigger() const; ///< empty: none
    void setPreTrigger(const QString &id);
    void setPostTrigger(const QString &id);
    /// Sets options->preTrigger / postTrigger from the choice.
    void apply(Cosmos::RequestOptions *options) const;

    QComboBox *preBox() const { return m_pre; }
    QComboBox *postBox() const { return m_post; }

Q_SIGNALS:
    void loaded();

private:
    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_container;
    QComboBox *m_pre;
    QComboBox *m_post;
    bool m_loaded = false;
};

} // namespace Manage
