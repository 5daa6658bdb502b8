//! EC2 instances: public addresses outside a bastion, the instance metadata service.

pub mod imdsv2_not_required;
pub mod instance_public_ip_outside_bastion;
