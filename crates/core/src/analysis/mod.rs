//! Analyses of a configuration that several checks read: computed once, on first use, and
//! shared by every check that needs them. A check receives an [`Analyzed`] configuration:
//! the configuration itself (through `Deref`) and these analyses.

pub mod backend;
pub mod coverage;
pub mod dynamodb;
pub mod iam;
pub mod ingress;
pub mod instances;
pub mod lock_policy;
pub mod provenance;
pub mod references;
pub mod s3_links;
pub mod services;
pub mod test_sources;

use std::cell::OnceCell;
use std::ops::Deref;

use crate::configuration::Configuration;
use crate::schema::Schema;
use iam::policy::Policy;
use ingress::IngressRule;
use lock_policy::LockPolicy;

/// A configuration with the analyses computed on it.
pub struct Analyzed<'c, 'a> {
    config: &'c Configuration<'a>,
    /// The provider schema, when the grade has one.
    pub schema: Option<&'c Schema>,
    policies: OnceCell<Vec<Policy>>,
    lock_policies: OnceCell<Vec<LockPolicy>>,
    ingress_rules: OnceCell<Vec<IngressRule>>,
}

impl<'c, 'a> Analyzed<'c, 'a> {
    pub fn new(config: &'c Configuration<'a>, schema: Option<&'c Schema>) -> Self {
        Self {
            config,
            schema,
            policies: OnceCell::new(),
            lock_policies: OnceCell::new(),
            ingress_rules: OnceCell::new(),
        }
    }

    /// Every IAM policy the configuration writes, read (see [`iam::policy::collect`]).
    pub fn policies(&self) -> &[Policy] {
        self.policies
            .get_or_init(|| iam::policy::collect(self.config))
    }

    /// The identity policies as state access and locking need them (see
    /// [`lock_policy::read_lock_policies`]).
    pub fn lock_policies(&self) -> &[LockPolicy] {
        self.lock_policies
            .get_or_init(|| lock_policy::read_lock_policies(self.policies()))
    }

    /// Every ingress rule of the configuration's security groups and network ACLs (see
    /// [`ingress::collect`]).
    pub fn ingress_rules(&self) -> &[IngressRule] {
        self.ingress_rules
            .get_or_init(|| ingress::collect(self.config))
    }
}

impl<'a> Deref for Analyzed<'_, 'a> {
    type Target = Configuration<'a>;

    fn deref(&self) -> &Self::Target {
        self.config
    }
}
